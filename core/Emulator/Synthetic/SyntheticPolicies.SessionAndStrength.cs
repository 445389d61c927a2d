namespace IdentityOps.Emulator.Synthetic;

// issue 19 A3: the authentication strength and session-control risks of the synthetic tenant's Conditional Access policies.
internal static partial class SyntheticPolicies
{
    /// <summary>The session policy covers Office 365 only: sign-in frequency and browser persistence stop at its edge.</summary>
    private static readonly string[] SessionPolicyApplications = ["Office365"];

    private static void PlantSessionAndStrengthRisks(SyntheticContext context)
    {
        context.Plant(PlantedRiskIds.PolicyPhishingResistantMfaNotEnforced, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"No Conditional Access policy requires an authentication strength at all: '{AllUsersMfaPolicyName}' (report-only) and '{AdminMfaPolicyName}' grant with the plain mfa control, which any MFA method satisfies.");
        context.Plant(PlantedRiskIds.PolicyAdminPhishingResistantMfaNotEnforced, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"'{AdminMfaPolicyName}' covers the privileged roles with the plain mfa control, not a phishing-resistant strength; the custom strength '{SyntheticAuthenticationStrengths.CustomPasswordlessId}' (fido2, windowsHelloForBusiness, deviceBasedPush) is not phishing-resistant and no policy uses it.");
        context.Plant(PlantedRiskIds.PolicyBrowserSessionPersistent, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"'{SessionPolicyName}' sets persistentBrowser never for includeApplications Office365 only; no policy does so for all resources.");
        context.Plant(PlantedRiskIds.PolicySignInFrequencyNotEnforced, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"'{SessionPolicyName}' sets a 12-hour signInFrequency for includeApplications Office365 only; no policy does so for all resources.");
        context.Plant(PlantedRiskIds.PolicyAppEnforcedRestrictionsOff, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "No Conditional Access policy enables sessionControls.applicationEnforcedRestrictions.");
    }
}

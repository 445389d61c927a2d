using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy restricts where users register their security info (MFA methods, SSPR): someone
/// holding only a password, or a temporary access pass, can register their own authenticator from anywhere and owns the
/// account from then on. Passes when an enabled policy for all users on the user action <c>urn:user:registersecurityinfo</c>
/// either demands something outside trusted locations (Maester's Test-MtCaSecureSecurityInfoRegistration, MT.1011:
/// includeLocations All with locations excluded, all client apps) or requires a managed device (ScubaGear's
/// RequireManagedDeviceMFA, cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Rego/AADConfig.rego, MS.AAD.3.8v1, and Maester's
/// Test-MtCisaManagedDeviceRegistration, CISA.MS.AAD.3.8). One rule, because either restriction settles the same exposure.
/// </summary>
public sealed class SecurityInfoRegistrationUnrestrictedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "ca-security-info-registration-unrestricted",
        "Security info registration is not restricted by Conditional Access",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "registrationPoliciesNotEnforced", "registrationPoliciesWithoutRestriction"],
        [
            FrameworkReference.Maester("MT.1011").Partially("this rule also passes a registration policy that requires a managed device instead of trusted locations, and wants the location policy to demand something (Maester reads no grant control)"),
            FrameworkReference.Scuba("MS.AAD.3.8v1").Partially("this rule also passes a registration policy restricted to trusted locations, and leaves exclusions to the administrator where ScubaGear fails on excluded roles and unexpected exclusions"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.3.8").Partially("this rule also passes a registration policy restricted to trusted locations or requiring hybrid join alone; Maester wants the compliant-device control listed"),
            FrameworkReference.Attack("T1098.005"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory).Where(p => !ConditionalAccessBaseline.IsPasswordChangePolicy(p)).ToList();
        if (policies.Any(p => p.IsEnabled && Restricts(p)))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "registrationPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && Restricts(p)).Select(p => p.Label) },
            { "registrationPoliciesWithoutRestriction", policies.Where(p => p.IsEnabled && p.Resources.RegistersSecurityInfo && !Restricts(p)).Select(p => p.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static bool Restricts(ConditionalAccessPolicy policy)
        => policy.TargetsAllUsers && policy.Resources.RegistersSecurityInfo && policy.HasGrantControls
           && (OutsideTrustedLocations(policy) || ConditionalAccessBaseline.OffersManagedDevice(policy));

    private static bool OutsideTrustedLocations(ConditionalAccessPolicy policy)
        => PolicySettings.Has(policy.Conditions.IncludeLocations, "All") && policy.Conditions.ExcludeLocations.Length > 0 && PolicySettings.Has(policy.ClientAppTypes, "all");
}

using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Issue 19 A2: the synthetic tenant's gaps against Maester's Conditional Access baseline (access and devices). Most
/// are what the four policies of <see cref="SyntheticPolicies"/> already leave open (no device, platform or registration
/// policy, MFA for all users only report-only); two policies are added for the per-policy checks: one that still relies
/// on the retired approved client app grant, and a draft that targets no resource.
/// </summary>
internal static class SyntheticConditionalAccessBaseline
{
    // Far from the other policies' indexes, so that policies other parts add do not take the same ids.
    public const int ApprovedClientAppIndex = 40;
    public const int UntargetedIndex = 41;

    public const string ApprovedClientAppPolicyName = "Require approved client apps on phones";
    public const string UntargetedPolicyName = "Draft: block downloads on unmanaged devices";

    public static void Plant(SyntheticContext context)
    {
        context.Plant(PlantedRiskIds.CaNoManagedDevicePolicy, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "No enabled Conditional Access policy has builtInControls compliantDevice or domainJoinedDevice.");
        context.Plant(PlantedRiskIds.CaAdminManagedDeviceNotRequired, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "No enabled Conditional Access policy requires compliantDevice or domainJoinedDevice of the administrator roles.");
        context.Plant(PlantedRiskIds.CaAzureManagementMfaNotRequired, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"'{SyntheticPolicies.AdminMfaPolicyName}' leaves out Billing, Password and SharePoint Administrator, and '{SyntheticPolicies.AllUsersMfaPolicyName}' is report-only: nothing requires MFA for Azure management of all users or of every template admin role.");
        context.Plant(PlantedRiskIds.CaGuestMfaNotRequired, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"The only MFA policy that would include guests, '{SyntheticPolicies.AllUsersMfaPolicyName}', is report-only.");
        context.Plant(PlantedRiskIds.CaSecurityInfoRegistrationUnrestricted, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "No Conditional Access policy has includeUserActions urn:user:registersecurityinfo.");
        context.Plant(PlantedRiskIds.CaNoUnknownPlatformBlock, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "No enabled Conditional Access policy blocks with includePlatforms all.");
        context.Plant(PlantedRiskIds.CaApprovedClientAppGrant, PlantedObjectTypes.Policy, SyntheticJson.Id(context.Id("conditionalAccessPolicy", ApprovedClientAppIndex)),
            $"'{ApprovedClientAppPolicyName}' is enabled with builtInControls [approvedApplication] only, a grant Microsoft retired in March 2026.");
        context.Plant(PlantedRiskIds.CaPolicyWithoutTargetResources, PlantedObjectTypes.Policy, SyntheticJson.Id(context.Id("conditionalAccessPolicy", UntargetedIndex)),
            $"'{UntargetedPolicyName}' has includeApplications [None], no user action, authentication context or application filter.");
    }

    /// <summary>Applies only on Android and iOS, as approved-client-app policies did.</summary>
    public static JsonObject OnPhones(SyntheticContext context, JsonObject policy)
    {
        Dated(context, policy);
        policy["conditions"]!["platforms"] = new JsonObject { ["includePlatforms"] = SyntheticJson.Strings(["android", "iOS"]), ["excludePlatforms"] = new JsonArray() };
        return policy;
    }

    /// <summary>"None" selected under Target resources: what the portal stores for a draft saved before choosing apps.</summary>
    public static JsonObject TargetingNothing(SyntheticContext context, JsonObject policy)
    {
        Dated(context, policy);
        policy["conditions"]!["applications"]!["includeApplications"] = SyntheticJson.Strings(["None"]);
        return policy;
    }

    // The shared builder dates a policy by its index, which for these far indexes would be in the future.
    private static void Dated(SyntheticContext context, JsonObject policy)
    {
        policy["createdDateTime"] = SyntheticJson.Time(context.DaysAgo(700));
        policy["modifiedDateTime"] = SyntheticJson.Time(context.DaysAgo(200));
    }
}

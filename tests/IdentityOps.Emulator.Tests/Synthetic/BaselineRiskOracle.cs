using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;
using static IdentityOps.Emulator.Tests.Synthetic.RiskOracle;

namespace IdentityOps.Emulator.Tests.Synthetic;

/// <summary>
/// Issue 19 A2: the plainest reading, from the snapshot files, of the risks planted for Maester's Conditional Access
/// baseline (<see cref="SyntheticConditionalAccessBaseline"/>), for <see cref="RiskOracle"/>.
/// </summary>
internal static class BaselineRiskOracle
{
    private static readonly string[] TemplateAdminRoles =
    [
        "62e90394-69f5-4237-9190-012177145e10", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        "b0f54661-2d74-4c50-afa3-1ec803f12efe", "158c047a-c907-4556-b7ef-446551a6b5f7", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        "29232cdf-9323-42fd-ade2-1d097af3e4de", "729827e3-9c14-49f7-bb1b-9608f156bbb8", "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "e8611ab8-c189-46e8-94e1-60213ab1f814", "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "fe930be7-5e62-47db-91af-98c3a49a38b1",
    ];

    public static void Detect(IReadOnlyDictionary<string, JsonNode> files, Action<string, string> add)
    {
        var securityDefaults = Flag(files["policies/identitySecurityDefaultsEnforcementPolicy.json"], "isEnabled");
        var policies = Items(files["identity/conditionalAccess/policies.json"]);
        var enabled = policies.Where(policy => Text(policy, "state") == "enabled").ToArray();
        static string[] Values(JsonNode? node, string property) => node?[property] is JsonArray array ? [.. array.Select(value => value!.GetValue<string>())] : [];
        static string[] Controls(JsonNode policy) => Values(policy["grantControls"], "builtInControls");
        static bool ForAll(JsonNode policy) => Values(policy["conditions"]!["users"], "includeUsers").Contains("All");
        static bool AllApps(JsonNode policy) => Values(policy["conditions"]!["applications"], "includeApplications").Contains("All");
        static bool Device(JsonNode policy) => Controls(policy).Any(c => c is "compliantDevice" or "domainJoinedDevice");

        if (!enabled.Any(policy => Device(policy) && ForAll(policy) && AllApps(policy)))
        {
            add(PlantedRiskIds.CaNoManagedDevicePolicy, "tenant");
        }

        if (!enabled.Any(Device))
        {
            add(PlantedRiskIds.CaAdminManagedDeviceNotRequired, "tenant");
        }

        var mfa = enabled.Where(policy => Controls(policy).Contains("mfa") && AllApps(policy)).ToArray();
        if (!securityDefaults && !mfa.Any(policy => ForAll(policy) || TemplateAdminRoles.All(Values(policy["conditions"]!["users"], "includeRoles").Contains)))
        {
            add(PlantedRiskIds.CaAzureManagementMfaNotRequired, "tenant");
        }

        if (!securityDefaults && !mfa.Any(policy => ForAll(policy) && policy["conditions"]!["users"]!["excludeGuestsOrExternalUsers"] is null))
        {
            add(PlantedRiskIds.CaGuestMfaNotRequired, "tenant");
        }

        if (!enabled.Any(policy => Values(policy["conditions"]!["applications"], "includeUserActions").Contains("urn:user:registersecurityinfo")))
        {
            add(PlantedRiskIds.CaSecurityInfoRegistrationUnrestricted, "tenant");
        }

        if (!enabled.Any(policy => Controls(policy).Contains("block") && Values(policy["conditions"]!["platforms"], "includePlatforms").Contains("all")))
        {
            add(PlantedRiskIds.CaNoUnknownPlatformBlock, "tenant");
        }

        foreach (var policy in enabled.Where(policy => Controls(policy).Contains("approvedApplication")))
        {
            add(PlantedRiskIds.CaApprovedClientAppGrant, Text(policy, "id"));
        }

        foreach (var policy in policies.Where(policy => Values(policy["conditions"]!["applications"], "includeApplications").All(a => a == "None")
                     && Values(policy["conditions"]!["applications"], "includeUserActions").Length == 0
                     && Values(policy["conditions"]!["applications"], "includeAuthenticationContextClassReferences").Length == 0))
        {
            add(PlantedRiskIds.CaPolicyWithoutTargetResources, Text(policy, "id"));
        }
    }
}

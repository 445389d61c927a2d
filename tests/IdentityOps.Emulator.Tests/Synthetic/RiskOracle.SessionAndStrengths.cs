using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Emulator.Tests.Synthetic;

// issue 19 A3: authentication strengths and session controls, read the plainest way from the policies' JSON.
internal static partial class RiskOracle
{
    private static readonly string[] PhishingResistantModes = ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"];

    private static readonly string[] CisaHighlyPrivilegedRoles =
    [
        "62e90394-69f5-4237-9190-012177145e10", "e8611ab8-c189-46e8-94e1-60213ab1f814", "fe930be7-5e62-47db-91af-98c3a49a38b1", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "29232cdf-9323-42fd-ade2-1d097af3e4de", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7",
    ];

    private static void DetectSessionAndStrengths(IReadOnlyDictionary<string, JsonNode> files, JsonNode[] enabled, Action<string, string> add)
    {
        var strengths = Items(files["policies/authenticationStrengthPolicies.json"]).ToDictionary(s => Text(s, "id"), s => Array(s, "allowedCombinations").Select(c => c!.GetValue<string>()).ToArray());
        bool Lists(JsonNode node, string property, string value) => node[property] is JsonArray values && values.Any(v => v!.GetValue<string>() == value);
        bool AllUsers(JsonNode policy) => Lists(policy["conditions"]!["users"]!, "includeUsers", "All");
        bool AllApps(JsonNode policy) => Lists(policy["conditions"]!["applications"]!, "includeApplications", "All");
        bool PhishingResistant(JsonNode policy) => policy["grantControls"]?["authenticationStrength"] is { } strength
            && strengths.TryGetValue(Text(strength, "id"), out var combinations) && combinations.Length > 0 && combinations.All(PhishingResistantModes.Contains);
        JsonNode? Session(JsonNode policy, string control) => policy["sessionControls"]?[control] is { } node && node["isEnabled"]?.GetValue<bool>() == true ? node : null;

        if (!enabled.Any(p => PhishingResistant(p) && AllUsers(p) && AllApps(p)))
        {
            add(PlantedRiskIds.PolicyPhishingResistantMfaNotEnforced, "tenant");
        }

        if (CisaHighlyPrivilegedRoles.Any(role => !enabled.Any(p => PhishingResistant(p) && AllApps(p) && (AllUsers(p) || Lists(p["conditions"]!["users"]!, "includeRoles", role)))))
        {
            add(PlantedRiskIds.PolicyAdminPhishingResistantMfaNotEnforced, "tenant");
        }

        if (!enabled.Any(p => AllUsers(p) && AllApps(p) && Session(p, "persistentBrowser")?["mode"]?.GetValue<string>() == "never"))
        {
            add(PlantedRiskIds.PolicyBrowserSessionPersistent, "tenant");
        }

        if (!enabled.Any(p => AllUsers(p) && AllApps(p) && Session(p, "signInFrequency")?["frequencyInterval"]?.GetValue<string>() == "timeBased"))
        {
            add(PlantedRiskIds.PolicySignInFrequencyNotEnforced, "tenant");
        }

        if (!enabled.Any(p => AllUsers(p) && Lists(p["conditions"]!["applications"]!, "includeApplications", "Office365") && Session(p, "applicationEnforcedRestrictions") is not null))
        {
            add(PlantedRiskIds.PolicyAppEnforcedRestrictionsOff, "tenant");
        }
    }
}

using System.Text.Json;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// The tenant's default app management policy neither blocks new client secrets nor limits their
/// lifetime to the tenant's maximum (365 days by default): any owner can add a secret that lasts for
/// decades. The secret rules find such secrets one by one; this is the setting that prevents them.
/// </summary>
public sealed class AppCredentialLifetimeUnrestrictedRule : PostureRule
{
    public const string Kind = "defaultAppManagementPolicy";

    public override RuleDefinition Definition { get; } = new(
        "policy-app-credential-lifetime-unrestricted",
        "No tenant-wide limit on app secret lifetimes",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Policy,
        [Kind],
        ["displayName", "isEnabled", "passwordLifetimeDays", "passwordAdditionBlocked", "maximumLifetimeDays"],
        [FrameworkReference.Attack("T1098.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(Kind) is not { } policy)
        {
            yield break;
        }

        var enabled = PolicySettings.Bool(policy, "isEnabled") == true;
        var restrictions = enabled ? Restrictions(policy) : [];
        var additionBlocked = restrictions.Any(r => string.Equals(r.Type, "passwordAddition", StringComparison.OrdinalIgnoreCase));
        var lifetime = restrictions.Where(r => string.Equals(r.Type, "passwordLifetime", StringComparison.OrdinalIgnoreCase) && r.Days is not null).Min(r => r.Days);
        var maximum = scan.Settings.MaximumSecretLifetimeDays;
        if (additionBlocked || lifetime <= maximum)
        {
            yield break;
        }

        yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
        {
            { "displayName", policy.DisplayName ?? policy.PolicyId },
            { "isEnabled", enabled },
            { "passwordLifetimeDays", lifetime is { } days ? (int)Math.Floor(days) : null },
            { "passwordAdditionBlocked", false },
            { "maximumLifetimeDays", maximum },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(Kind) is null ? 0 : 1;

    /// <summary>The password restrictions in force: a restriction whose state is "disabled" is kept but not enforced.</summary>
    private static List<(string? Type, double? Days)> Restrictions(Core.Inventory.TenantPolicyRecord policy)
        => PolicySettings.Property(policy, "passwordCredentials") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray()
                .Where(r => !(r.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String && string.Equals(state.GetString(), "disabled", StringComparison.OrdinalIgnoreCase)))
                .Select(r => (
                    Type: r.TryGetProperty("restrictionType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null,
                    Days: r.TryGetProperty("maxLifetimeDays", out var days) && days.ValueKind == JsonValueKind.Number ? days.GetDouble() : (double?)null))
                .ToList()
            : [];
}

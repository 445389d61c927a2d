using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// No enabled Conditional Access policy blocks device platforms that are unknown or unsupported: a client that spoofs or
/// hides its platform slips past every platform-based policy (device compliance is per platform). Exactly Maester's
/// Test-MtCaBlockUnknownOrUnsupportedDevicePlatform (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtCaBlockUnknownOrUnsupportedDevicePlatform.ps1, MT.1015): an enabled policy that
/// blocks and includes all platforms (the known ones being excluded is how Microsoft's template does it).
/// </summary>
public sealed class NoUnknownPlatformBlockRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "ca-no-unknown-platform-block",
        "Unknown or unsupported device platforms are not blocked",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "platformBlockPoliciesNotEnforced"],
        [
            FrameworkReference.Maester("MT.1015"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        if (policies.Any(p => p.IsEnabled && BlocksUnknownPlatforms(p)))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "platformBlockPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && BlocksUnknownPlatforms(p)).Select(p => p.Label) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static bool BlocksUnknownPlatforms(ConditionalAccessPolicy policy) => policy.Blocks && PolicySettings.Has(policy.Conditions.IncludePlatforms, "all");
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// A Conditional Access policy targets no resource at all (no application, user action, authentication context or
/// application filter), so it never applies, whatever its state: it looks like protection and is none. Exactly Maester's
/// Test-MtCaUntargetedPolicy (maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtCaUntargetedPolicy.ps1,
/// MT.1184), which reads every policy whatever its state, one finding per policy.
/// </summary>
public sealed class UntargetedPolicyRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "ca-policy-without-target-resources",
        "Conditional Access policy targets no resource",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Policy,
        ["conditionalAccessPolicies"],
        ["displayName", "state", "includeApplications"],
        [
            FrameworkReference.Maester("MT.1184"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var policy in ConditionalAccessPolicy.All(inventory).Where(p => !TargetsAnything(p)))
        {
            yield return new RuleHit(policy.Id, policy.Name, new Evidence
            {
                { "displayName", policy.Name },
                { "state", policy.State ?? "unknown" },
                { "includeApplications", policy.IncludeApplications },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ConditionalAccessPolicy.All(inventory).Count;

    // "None" is how the portal stores "no resources selected".
    private static bool TargetsAnything(ConditionalAccessPolicy policy)
        => policy.IncludeApplications.Any(a => !string.IsNullOrWhiteSpace(a) && !a.Equals("None", StringComparison.OrdinalIgnoreCase))
           || policy.Resources.IncludeUserActions.Length > 0
           || policy.Resources.IncludeAuthenticationContexts.Length > 0
           || policy.Resources.ApplicationFilterMode is not null;
}

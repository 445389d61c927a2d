using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// An enabled Conditional Access policy relies on the "Require approved client app" grant, which Microsoft retired in
/// March 2026: it is no longer enforced, as if it were not selected, so a policy whose only control it is now lets every
/// client through. Exactly Maester's Test-MtCaApprovedClientApp (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtCaApprovedClientApp.ps1, MT.1072), one finding per policy.
/// </summary>
public sealed class ApprovedClientAppGrantRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "ca-approved-client-app-grant",
        "Conditional Access policy relies on the retired approved client app grant",
        RuleCategory.TenantPolicies,
        Severity.Medium,
        ObjectTypes.Policy,
        ["conditionalAccessPolicies"],
        ["displayName", "grantControls", "grantOperator", "onlyControl"],
        [
            FrameworkReference.Maester("MT.1072"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var policy in ConditionalAccessPolicy.All(inventory).Where(p => p.IsEnabled && PolicySettings.Has(p.BuiltInControls, "approvedApplication")))
        {
            var others = policy.BuiltInControls.Count(c => !c.Equals("approvedApplication", StringComparison.OrdinalIgnoreCase)) + (policy.AuthenticationStrength is null ? 0 : 1);
            yield return new RuleHit(policy.Id, policy.Name, new Evidence
            {
                { "displayName", policy.Name },
                { "grantControls", policy.BuiltInControls },
                { "grantOperator", policy.GrantOperator ?? "OR" },
                { "onlyControl", others == 0 },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ConditionalAccessPolicy.All(inventory).Count(p => p.IsEnabled);
}

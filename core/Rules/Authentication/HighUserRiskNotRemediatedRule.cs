using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Nothing acts on high user risk: no enabled Conditional Access policy requires a password change (or blocks) at
/// high user risk, for all users and all applications, leaving out only the emergency-access accounts, under no other
/// condition (<see cref="RiskPolicies"/>). A user at high risk is probably compromised: their password is known to
/// someone else. Microsoft's template (https://learn.microsoft.com/entra/identity/conditional-access/policy-risk-based-user)
/// requires MFA and a secure password change, which also remediates the risk. Like Maester's MT.1013
/// (maester365/maester powershell/public/maester/entra/Test-MtCaRequirePasswordChangeForHighUserRisk.ps1: enabled,
/// passwordChange, all users, all apps, user risk high), which ignores exclusions and other conditions. Needs Entra ID P2.
/// </summary>
public sealed class HighUserRiskNotRemediatedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-high-risk-users-no-password-change",
        "No Conditional Access policy requires a password change for high-risk users",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        RiskPolicies.Inputs,
        RiskPolicies.EvidenceFields,
        [
            FrameworkReference.Maester("MT.1013").Partially("also passes a block at high user risk; fails on exclusions beyond the emergency-access accounts and on other conditions (locations, platforms, a sign-in risk condition), which Maester ignores"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => RiskPolicies.WithoutEntraIdP2(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => RiskPolicies.Gap(inventory, scan, RiskKind.User, ["high"], p => PolicySettings.Has(p.BuiltInControls, "passwordChange") || p.Blocks) is { } hit ? [hit] : [];

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

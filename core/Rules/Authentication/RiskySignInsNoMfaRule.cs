using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Nothing acts on risky sign-ins: no enabled Conditional Access policy requires MFA (or blocks) at both medium and
/// high sign-in risk, for all users and all applications, leaving out only the emergency-access accounts, under no
/// other condition (<see cref="RiskPolicies"/>). Microsoft's template
/// (https://learn.microsoft.com/entra/identity/conditional-access/policy-risk-based-sign-in) does exactly this, with
/// sign-in frequency "every time", so a sign-in Identity Protection finds suspicious must prove itself again even
/// inside a session. Like Maester's MT.1012 (maester365/maester
/// powershell/public/maester/entra/Test-MtCaMfaForRiskySignIn.ps1: enabled, mfa or an MFA strength, all users, all
/// apps, sign-in risk high and medium), which ignores exclusions and other conditions. Needs Entra ID P2.
/// </summary>
public sealed class RiskySignInsNoMfaRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-risky-sign-ins-no-mfa",
        "No Conditional Access policy requires MFA for risky sign-ins",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        RiskPolicies.Inputs,
        RiskPolicies.EvidenceFields,
        [
            FrameworkReference.Maester("MT.1012").Partially("also passes a block at medium and high sign-in risk, and MFA only when it is required rather than one option (OR) among other controls; fails on exclusions beyond the emergency-access accounts and on other conditions (locations, platforms, a user risk condition), which Maester ignores"),
            FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1110"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => RiskPolicies.WithoutEntraIdP2(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => RiskPolicies.Gap(inventory, scan, RiskKind.SignIn, ["high", "medium"], p => p.RequiresMfa || p.Blocks) is { } hit ? [hit] : [];

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

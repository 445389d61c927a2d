using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// An enabled Conditional Access policy sets both a user risk and a sign-in risk condition. A policy applies only when
/// every condition is met, so it acts only on a risky sign-in of a risky user, and neither a risky sign-in of a clean
/// user nor a compromised user signing in normally; Microsoft asks for the two in separate policies
/// (https://learn.microsoft.com/entra/id-protection/howto-identity-protection-configure-risk-policies). As Maester's
/// MT.1049 (maester365/maester powershell/public/maester/entra/Test-MtCaMisconfiguredIDProtection.ps1: any enabled
/// policy with both userRiskLevels and signInRiskLevels fails; skipped without P2 or without risk policies, where this
/// rule is not evaluated or evaluates none). One finding per policy.
/// </summary>
public sealed class RiskConditionsCombinedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-risk-conditions-combined",
        "Conditional Access policy combines user risk and sign-in risk",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Policy,
        RiskPolicies.Inputs,
        ["displayName", "userRiskLevels", "signInRiskLevels", "grantControls"],
        [FrameworkReference.Maester("MT.1049")]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => RiskPolicies.WithoutEntraIdP2(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => Judged(inventory)
            .Where(p => RiskPolicies.Levels(p, RiskKind.User).Length > 0 && RiskPolicies.Levels(p, RiskKind.SignIn).Length > 0)
            .Select(p => new RuleHit(p.Id, p.Name, new Evidence
            {
                { "displayName", p.Name },
                { "userRiskLevels", RiskPolicies.Levels(p, RiskKind.User) },
                { "signInRiskLevels", RiskPolicies.Levels(p, RiskKind.SignIn) },
                { "grantControls", p.AuthenticationStrength is { } strength ? p.BuiltInControls.Append($"authentication strength {strength}") : p.BuiltInControls },
            }));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Judged(inventory).Count();

    /// <summary>The enabled policies with any risk condition: the ones this rule judges.</summary>
    private static IEnumerable<ConditionalAccessPolicy> Judged(TenantInventory inventory)
        => ConditionalAccessPolicy.All(inventory).Where(p => p.IsEnabled && (RiskPolicies.Levels(p, RiskKind.User).Length > 0 || RiskPolicies.Levels(p, RiskKind.SignIn).Length > 0));
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// The tenant holds no Microsoft Entra ID P1 or P2 plan, so Conditional Access is not available to it, and security
/// defaults, the only MFA a Free tenant can enforce, are off: nobody is asked for MFA and legacy authentication is open.
/// Exactly Maester's MT.1021 (maester365/maester@6bf1d98 tests/Maester/Entra/Test-ConditionalAccessBaseline.Tests.ps1:
/// skipped when licensed, fails when Free and identitySecurityDefaultsEnforcementPolicy.isEnabled is not true). Without
/// this rule a Free tenant raised nothing here: the Conditional Access rules are "not evaluated" when the tenant cannot
/// have Conditional Access at all.
/// </summary>
public sealed class SecurityDefaultsOffWithoutPremiumRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "security-defaults-off-free-tenant",
        "Security defaults off on a tenant without Conditional Access",
        RuleCategory.AuthenticationAndMfa,
        Severity.High,
        ObjectTypes.Tenant,
        ["securityDefaults", "organization"],
        ["securityDefaultsEnabled", "entraIdP1"],
        [
            FrameworkReference.Maester("MT.1021"),
            FrameworkReference.Attack("T1110.003"), FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var premium = inventory.Policy("organization") is { } organization && PolicySettings.Bool(organization, "entraIdP1") is true;
        if (premium || PolicySettings.SecurityDefaultsEnabled(inventory) is not false)
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "entraIdP1", false },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

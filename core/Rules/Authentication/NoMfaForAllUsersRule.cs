using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Nothing requires MFA of everyone: security defaults are off and no enabled Conditional Access
/// policy requires MFA (or an authentication strength) for all users on all applications. Report-only
/// and disabled policies are listed, since they look like protection and are not.
/// </summary>
public sealed class NoMfaForAllUsersRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-security-defaults-off-no-ca-mfa",
        "Security defaults off and no Conditional Access policy requires MFA for all users",
        RuleCategory.AuthenticationAndMfa,
        Severity.High,
        ObjectTypes.Tenant,
        ["securityDefaults", "conditionalAccessPolicies"],
        ["securityDefaultsEnabled", "enabledPolicies", "allUsersMfaPoliciesNotEnforced", "narrowerMfaPolicies"],
        [FrameworkReference.Cis("5.2.2.2"), FrameworkReference.Scuba("MS.AAD.3.2v1"), FrameworkReference.Attack("T1110.003"), FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        if (PolicySettings.SecurityDefaultsEnabled(inventory) is not false || policies.Any(p => p.IsEnabled && p.RequiresMfa && p.TargetsEveryone))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "allUsersMfaPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && p.RequiresMfa && p.TargetsEveryone).Select(p => p.Label) },
            { "narrowerMfaPolicies", policies.Where(p => p.IsEnabled && p.RequiresMfa).Select(p => p.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// The authentication methods policy enables SMS, voice call or email one-time passcodes: the methods
/// an attacker can intercept (SIM swap, number porting, a taken-over mailbox) or relay through a
/// phishing proxy, and the ones users fall back to when stronger methods are offered beside them.
/// </summary>
public sealed class WeakAuthenticationMethodsRule : PostureRule
{
    public const string Kind = "authenticationMethodsPolicy";

    private static readonly string[] WeakMethods = ["Sms", "Voice", "Email"];

    public override RuleDefinition Definition { get; } = new(
        "policy-weak-auth-methods-enabled",
        "SMS, voice call or email one-time passcode is enabled",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Policy,
        [Kind],
        ["displayName", "enabledWeakMethods", "policyMigrationState"],
        [FrameworkReference.Cis("5.2.3.5"), FrameworkReference.Scuba("MS.AAD.3.5v2"), FrameworkReference.Attack("T1111")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(Kind) is not { } policy)
        {
            yield break;
        }

        var weak = PolicySettings.Strings(policy, "enabledMethods").Where(m => PolicySettings.Has(WeakMethods, m)).Order(StringComparer.Ordinal).ToList();
        if (weak.Count > 0)
        {
            yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
            {
                { "displayName", policy.DisplayName ?? policy.PolicyId },
                { "enabledWeakMethods", weak },
                { "policyMigrationState", PolicySettings.String(policy, "policyMigrationState") ?? "" },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(Kind) is null ? 0 : 1;
}

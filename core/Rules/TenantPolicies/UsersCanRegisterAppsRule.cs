using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Every user may register applications (<c>allowedToCreateApps</c>): each one becomes an owned
/// identity that can hold credentials and request permissions, outside any review.
/// </summary>
public sealed class UsersCanRegisterAppsRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-can-register-apps",
        "Users can register applications",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowedToCreateApps"],
        [
            FrameworkReference.Cis("5.1.2.2"), FrameworkReference.Scuba("MS.AAD.5.1v1"), FrameworkReference.CisaMaester("CISA.MS.AAD.5.1"), FrameworkReference.Eidsca("EIDSCA.AP10"),
            FrameworkReference.Attack("T1098.001"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is not { } policy || PolicySettings.Bool(policy, "allowedToCreateApps") != true)
        {
            yield break;
        }

        // A user who can also consent for themselves can register an app and grant it their own data in one sitting.
        ScoreSignal[] signals = UserConsent.SelfConsentPolicies(policy).Length > 0
            ? [new ScoreSignal("users-can-also-consent", 1.25m, "users may also consent to apps for themselves, so a registered app can be granted their data without an administrator")]
            : [];
        yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
        {
            { "displayName", policy.DisplayName ?? policy.PolicyId },
            { "allowedToCreateApps", true },
        }, signals);
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is null ? 0 : 1;
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Risk-based step-up consent is off (<c>allowUserConsentForRiskyApps</c> is true): a user may consent to an app whose
/// request Microsoft detects as risky, where Entra would otherwise require an administrator. Consent phishing against one
/// account, now: Medium; weighed down when no self-consent policy is assigned, since users then consent to nothing.
/// Graph documents false as the default ("We recommend keeping allowUserConsentForRiskyApps as false. Default value is
/// false."), so an unset value passes.
/// Peer: maester365/maester@6bf1d98 powershell/internal/eidsca/Test-MtEidscaAP09.ps1 (EIDSCA.AP09) passes only on an explicit false.
/// </summary>
public sealed class UsersCanConsentToRiskyAppsRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-can-consent-risky-apps",
        "Users can consent to apps Microsoft detects as risky",
        RuleCategory.TenantPolicies,
        Severity.Medium,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowUserConsentForRiskyApps"],
        [
            FrameworkReference.Eidsca("EIDSCA.AP09").Partially("passes when the setting is unset, which Graph documents as false; EIDSCA fails on anything but an explicit false"),
            FrameworkReference.Attack("T1528"),
        ]);

    protected override string Setting => "allowUserConsentForRiskyApps";

    protected override bool FaultyValue => true;

    protected override bool WhenUnset => false;

    protected override IReadOnlyList<ScoreSignal> Signals(TenantPolicyRecord policy)
        => UserConsent.SelfConsentPolicies(policy).Length == 0
            ? [new ScoreSignal("no-user-consent", 0.5m, "no self-consent policy is assigned, so users consent to no app today; the setting takes effect as soon as user consent is turned on")]
            : [];
}

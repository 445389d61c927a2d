namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Users may sign up for email-based ("self-service") subscriptions (<c>allowedToSignUpEmailBasedSubscriptions</c>): a user
/// starts a trial or free service with their work address, outside procurement and licence review. Hygiene (Low).
/// Peer: maester365/maester@6bf1d98 tests/EIDSCA/Test-EIDSCA.Generated.Tests.ps1 and powershell/internal/eidsca/Test-MtEidscaAP05.ps1
/// (EIDSCA.AP05) pass only on allowedToSignUpEmailBasedSubscriptions = false.
/// </summary>
public sealed class EmailSubscriptionSignUpRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-email-subscription-sign-up",
        "Users can sign up for email-based subscriptions",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowedToSignUpEmailBasedSubscriptions"],
        [FrameworkReference.Eidsca("EIDSCA.AP05")]);

    protected override string Setting => "allowedToSignUpEmailBasedSubscriptions";

    protected override bool FaultyValue => true;
}

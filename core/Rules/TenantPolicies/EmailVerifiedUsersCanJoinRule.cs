namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Anyone who can receive mail at one of the tenant's verified domains may create an account by email verification
/// (<c>allowEmailVerifiedUsersToJoinOrganization</c>): a member user no administrator created, for an address that may be
/// a shared mailbox, a distribution list or a departed employee's forwarded mail. One account × one more step: Low.
/// Peer: maester365/maester@6bf1d98 tests/EIDSCA/Test-EIDSCA.Generated.Tests.ps1 and powershell/internal/eidsca/Test-MtEidscaAP06.ps1
/// (EIDSCA.AP06) pass only on allowEmailVerifiedUsersToJoinOrganization = false.
/// </summary>
public sealed class EmailVerifiedUsersCanJoinRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-email-verified-users-can-join",
        "People can join the tenant by email verification",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowEmailVerifiedUsersToJoinOrganization"],
        [FrameworkReference.Eidsca("EIDSCA.AP06"), FrameworkReference.Attack("T1136.003")]);

    protected override string Setting => "allowEmailVerifiedUsersToJoinOrganization";

    protected override bool FaultyValue => true;
}

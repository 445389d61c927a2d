namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Member users may not read other users (<c>defaultUserRolePermissions.allowedToReadOtherUsers</c> is false), which
/// Microsoft's Graph reference says not to do ("Do not set this value to false"): people search, Teams and Outlook lookups
/// and many apps break, and it does not stop reading users through Exchange or other services. Not an exposure but a
/// setting Microsoft does not support: Info.
/// Peer: maester365/maester@6bf1d98 powershell/internal/eidsca/Test-MtEidscaAP14.ps1 (EIDSCA.AP14) passes only on
/// allowedToReadOtherUsers = true.
/// </summary>
public sealed class UsersCannotReadOtherUsersRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-cannot-read-other-users",
        "Users cannot read other users, which Microsoft does not support",
        RuleCategory.TenantPolicies,
        Severity.Info,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowedToReadOtherUsers"],
        [FrameworkReference.Eidsca("EIDSCA.AP14")]);

    protected override string Setting => "allowedToReadOtherUsers";

    protected override bool FaultyValue => false;

    /// <summary>Users read other users unless an administrator turned it off.</summary>
    protected override bool WhenUnset => true;
}

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Non-admin users may create security groups (<c>defaultUserRolePermissions.allowedToCreateSecurityGroups</c>): groups
/// that nobody reviews, which can later be granted access to apps, resources or Conditional Access exclusions by whoever
/// trusts the name. Hygiene (Low): Microsoft's default.
/// Peer: maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtSecurityGroupCreationRestricted.ps1 (MT.1069)
/// passes only on allowedToCreateSecurityGroups = false.
/// </summary>
public sealed class UsersCanCreateSecurityGroupsRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-can-create-security-groups",
        "Non-admin users can create security groups",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowedToCreateSecurityGroups"],
        [FrameworkReference.Maester("MT.1069")]);

    protected override string Setting => "allowedToCreateSecurityGroups";

    protected override bool FaultyValue => true;
}

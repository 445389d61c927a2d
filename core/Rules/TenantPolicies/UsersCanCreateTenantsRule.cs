namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Non-admin users may create new Microsoft Entra tenants (<c>defaultUserRolePermissions.allowedToCreateTenants</c>): the
/// creator becomes Global Administrator of a directory outside this tenant's policies, a place for shadow IT or for an
/// attacker holding one account to stage apps and identities. Hygiene (Low): Microsoft's default, and the new tenant holds
/// none of this tenant's data by itself.
/// Peers: maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtTenantCreationRestricted.ps1 (MT.1068) and
/// powershell/public/cis/Test-MtCisCreateTenantDisallowed.ps1 (CIS 5.1.2.3) both pass only on allowedToCreateTenants = false.
/// </summary>
public sealed class UsersCanCreateTenantsRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-can-create-tenants",
        "Non-admin users can create tenants",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowedToCreateTenants"],
        [FrameworkReference.Cis("5.1.2.3"), FrameworkReference.Maester("MT.1068")]);

    protected override string Setting => "allowedToCreateTenants";

    protected override bool FaultyValue => true;
}

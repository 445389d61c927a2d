namespace IdentityOps.Core.Lifecycle.OnboardTenant;

/// <summary>
/// The Microsoft Entra built-in directory roles whose holders can grant tenant-wide admin consent to
/// IdentityOps' scopes — delegated Microsoft Graph permissions only, never Graph app roles — and so may
/// connect their organisation and become its first IdentityOps admin. Anyone else is refused: a
/// consent granted earlier by a real admin does not let an ordinary member claim the tenant.
/// <para>
/// Source ("Grant tenant-wide admin consent to an application", Prerequisites,
/// https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent#prerequisites, and its
/// current mirror https://docs.azure.cn/entra/identity/enterprise-apps/grant-admin-consent): Privileged Role
/// Administrator for any permission of any API; Cloud Application Administrator, AI Administrator or
/// Application Administrator for any permission except Microsoft Graph app roles (application
/// permissions), so for our delegated ones too; Global Administrator holds every permission (listed with
/// Privileged Role Administrator in earlier versions of that page). Template ids from "Microsoft Entra
/// built-in roles", https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference#all-roles.
/// </para>
/// <para>
/// Read from the validated id token's <c>wids</c> claim: "the tenant-wide roles assigned to this user,
/// from the section of roles present in Microsoft Entra built-in roles", emitted when the app
/// registration's <c>groupMembershipClaims</c> is <c>DirectoryRole</c> or <c>All</c>
/// (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). So a custom
/// directory role holding the consent permission is not recognised, and a role only eligible in PIM
/// counts once it is activated before signing in.
/// </para>
/// </summary>
public static class ConsentGrantingRoles
{
    public static readonly Guid GlobalAdministrator = new("62e90394-69f5-4237-9190-012177145e10");
    public static readonly Guid PrivilegedRoleAdministrator = new("e8611ab8-c189-46e8-94e1-60213ab1f814");
    public static readonly Guid CloudApplicationAdministrator = new("158c047a-c907-4556-b7ef-446551a6b5f7");
    public static readonly Guid ApplicationAdministrator = new("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3");
    public static readonly Guid AiAdministrator = new("d2562ede-74db-457e-a7b6-544e236ebb61");

    /// <summary>The "User" role template every member holds (it shows in <c>wids</c> too): never enough.</summary>
    public static readonly Guid User = new("b79fbf4d-3ef9-4689-8143-76b194e85509");

    public static IReadOnlySet<Guid> All { get; } = new HashSet<Guid>
    {
        GlobalAdministrator, PrivilegedRoleAdministrator, CloudApplicationAdministrator, ApplicationAdministrator, AiAdministrator,
    };

    public static bool CanGrantConsent(IEnumerable<Guid> directoryRoleTemplateIds) => directoryRoleTemplateIds.Any(All.Contains);
}

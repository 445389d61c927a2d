using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>Inventory records with sensible defaults, so a rule test states only what matters to the rule.</summary>
internal static class Records
{
    public static readonly Guid Tenant = new("11111111-1111-1111-1111-111111111111");
    public static readonly Guid Scan = new("22222222-2222-2222-2222-222222222222");
    public static readonly DateTimeOffset AsOf = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    public static ScanFacts Facts(RuleSettings? settings = null) => new(Tenant, Scan, AsOf, AsOf, settings ?? RuleSettings.Default);

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static ApplicationRecord App(int n, string? name = null) => new()
    {
        TenantId = Tenant, ScanId = Scan, ObjectId = Id(n), AppId = Id(10_000 + n), DisplayName = name ?? $"App {n}",
        SignInAudience = "AzureADMyOrg", CreatedAt = AsOf.AddDays(-400),
    };

    public static ServicePrincipalRecord ServicePrincipalOf(ApplicationRecord app, int n) => new()
    {
        TenantId = Tenant, ScanId = Scan, ObjectId = Id(n), AppId = app.AppId, DisplayName = app.DisplayName,
        ServicePrincipalType = "Application", AppOwnerOrganizationId = Tenant, AccountEnabled = true,
    };

    public static ServicePrincipalRecord ServicePrincipal(int n, Guid appId, string name, Guid? owner = null) => new()
    {
        TenantId = Tenant, ScanId = Scan, ObjectId = Id(n), AppId = appId, DisplayName = name,
        ServicePrincipalType = "Application", AppOwnerOrganizationId = owner ?? Tenant, AccountEnabled = true,
    };

    public static CredentialRecord Secret(Guid owner, int n, DateTimeOffset starts, DateTimeOffset? ends, CredentialOwnerKind kind = CredentialOwnerKind.Application) => new()
    {
        TenantId = Tenant, ScanId = Scan, OwnerObjectId = owner, CredentialId = Id(50_000 + n), OwnerKind = kind,
        Kind = CredentialKind.Password, DisplayName = $"secret {n}", StartsAt = starts, EndsAt = ends,
    };

    public static CredentialRecord Certificate(Guid owner, int n, DateTimeOffset starts, DateTimeOffset ends) => new()
    {
        TenantId = Tenant, ScanId = Scan, OwnerObjectId = owner, CredentialId = Id(60_000 + n), OwnerKind = CredentialOwnerKind.Application,
        Kind = CredentialKind.Certificate, DisplayName = $"certificate {n}", StartsAt = starts, EndsAt = ends,
    };

    public static UserRecord User(int n, string? name = null, string userType = "Member", bool enabled = true, DateTimeOffset? lastSignIn = null) => new()
    {
        TenantId = Tenant, ScanId = Scan, ObjectId = Id(n), DisplayName = name ?? $"User {n}", UserPrincipalName = $"user{n}@contoso.example",
        UserType = userType, AccountEnabled = enabled, CreatedAt = AsOf.AddDays(-500), LastSignInAt = lastSignIn ?? AsOf.AddDays(-1),
    };

    public static OwnerRecord Owner(Guid owned, Guid owner, string type = "user", string? name = null) => new()
    {
        TenantId = Tenant, ScanId = Scan, OwnedObjectId = owned, OwnerObjectId = owner, OwnerType = type, OwnerDisplayName = name,
    };

    public static AppRoleAssignmentRecord AppRole(Guid principal, Guid appRoleId, Guid resource, string resourceName = "Microsoft Graph", int n = 0) => new()
    {
        TenantId = Tenant, ScanId = Scan, AssignmentId = $"assignment-{principal}-{appRoleId}-{n}", AppRoleId = appRoleId, PrincipalId = principal,
        PrincipalType = "ServicePrincipal", ResourceId = resource, ResourceDisplayName = resourceName, CreatedAt = AsOf.AddDays(-100),
    };

    public static RoleDefinitionRecord Role(string id, string name, bool privileged = true) => new()
    {
        TenantId = Tenant, ScanId = Scan, RoleDefinitionId = id, DisplayName = name, IsBuiltIn = true, IsPrivileged = privileged, TemplateId = id,
    };

    public static RoleAssignmentRecord RoleAssignment(string roleId, Guid principal, string type = "User", int n = 0) => new()
    {
        TenantId = Tenant, ScanId = Scan, AssignmentId = $"ra-{roleId}-{principal}-{n}", RoleDefinitionId = roleId, PrincipalId = principal, PrincipalType = type,
    };

    public static TenantPolicyRecord Policy(string kind, string id, string settings, string? state = null, string? name = null) => new()
    {
        TenantId = Tenant, ScanId = Scan, Kind = kind, PolicyId = id, DisplayName = name ?? id, State = state, Settings = settings,
    };
}

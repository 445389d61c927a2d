using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace IdentityOps.Core.Persistence.Inventory;

/// <summary>
/// How one inventory record type is copied into its table: the columns, the primary key (in index
/// order), the column that names the object a row describes, and one row's values.
/// </summary>
internal sealed record InventoryTable(string Name, Type RecordType, string[] Columns, string[] KeyColumns, string ObjectIdColumn, Func<NpgsqlBinaryImporter, object, CancellationToken, Task> WriteRow)
{
    public string ColumnList => string.Join(", ", Columns);

    public string KeyList => string.Join(", ", KeyColumns);
}

/// <summary>
/// The rows of one inventory table that one collection writes: all of them, or those of one kind
/// when several collections share the table (credentials of applications or of service principals,
/// legacy or privileged users' sign-ins, one kind of policy). A collection clears its shares when it
/// restarts or becomes unavailable, and publishes them when it is done.
/// </summary>
internal sealed record InventoryShare(InventoryTable Table, string? Column, object? Value)
{
    public static InventoryShare All<T>()
        where T : class, ITenantOwned
        => new(InventoryTables.For<T>(), null, null);

    public static InventoryShare Credentials(CredentialOwnerKind ownerKind) => new(InventoryTables.Credentials, "owner_kind", ownerKind.ToString());

    public static InventoryShare SignInSummaries(bool legacyAuthentication) => new(InventoryTables.SignInDailySummaries, "is_legacy_authentication", legacyAuthentication);

    public static InventoryShare Policies(string kind) => new(InventoryTables.TenantPolicies, "kind", kind);

    /// <summary>The SQL condition that selects this share's rows; <c>@value</c> is <see cref="Value"/>.</summary>
    public string Condition => Column is null ? "true" : $"{Column} = @value";
}

/// <summary>The inventory tables a scan fills, in one place so the writer and the delta baseline agree.</summary>
internal static class InventoryTables
{
    public static readonly InventoryTable Applications = Table<ApplicationRecord>("applications", "object_id",
        ["tenant_id", "scan_id", "object_id"],
        ["tenant_id", "scan_id", "object_id", "app_id", "display_name", "sign_in_audience", "publisher_domain", "verified_publisher_name", "created_at",
         "implicit_access_token_issuance", "implicit_id_token_issuance", "web_redirect_uris", "spa_redirect_uris", "public_client_redirect_uris", "required_resource_access"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.ObjectId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.AppId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.DisplayName, ct);
            await Nullable(w, r.SignInAudience, ct);
            await Nullable(w, r.PublisherDomain, ct);
            await Nullable(w, r.VerifiedPublisherName, ct);
            await Nullable(w, r.CreatedAt, ct);
            await w.WriteAsync(r.ImplicitAccessTokenIssuance, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.ImplicitIdTokenIssuance, NpgsqlDbType.Boolean, ct);
            await TextArray(w, r.WebRedirectUris, ct);
            await TextArray(w, r.SpaRedirectUris, ct);
            await TextArray(w, r.PublicClientRedirectUris, ct);
            await Json(w, r.RequiredResourceAccess, ct);
        });

    public static readonly InventoryTable ServicePrincipals = Table<ServicePrincipalRecord>("service_principals", "object_id",
        ["tenant_id", "scan_id", "object_id"],
        ["tenant_id", "scan_id", "object_id", "app_id", "display_name", "service_principal_type", "app_owner_organization_id", "account_enabled", "sign_in_audience", "verified_publisher_name", "tags"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.ObjectId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.AppId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.DisplayName, ct);
            await Nullable(w, r.ServicePrincipalType, ct);
            await Nullable(w, r.AppOwnerOrganizationId, ct);
            await w.WriteAsync(r.AccountEnabled, NpgsqlDbType.Boolean, ct);
            await Nullable(w, r.SignInAudience, ct);
            await Nullable(w, r.VerifiedPublisherName, ct);
            await TextArray(w, r.Tags, ct);
        });

    public static readonly InventoryTable Credentials = Table<CredentialRecord>("credentials", "owner_object_id",
        ["tenant_id", "scan_id", "owner_object_id", "credential_id"],
        ["tenant_id", "scan_id", "owner_object_id", "credential_id", "owner_kind", "kind", "display_name", "starts_at", "ends_at", "federated_issuer", "federated_subject"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.OwnerObjectId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.CredentialId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.OwnerKind.ToString(), NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(r.Kind.ToString(), NpgsqlDbType.Varchar, ct);
            await Nullable(w, r.DisplayName, ct);
            await Nullable(w, r.StartsAt, ct);
            await Nullable(w, r.EndsAt, ct);
            await Nullable(w, r.FederatedIssuer, ct);
            await Nullable(w, r.FederatedSubject, ct);
        });

    public static readonly InventoryTable Owners = Table<OwnerRecord>("owners", "owned_object_id",
        ["tenant_id", "scan_id", "owned_object_id", "owner_object_id"],
        ["tenant_id", "scan_id", "owned_object_id", "owner_object_id", "owner_type", "owner_display_name"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.OwnedObjectId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.OwnerObjectId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.OwnerType, ct);
            await Nullable(w, r.OwnerDisplayName, ct);
        });

    public static readonly InventoryTable DelegatedGrants = Table<DelegatedGrantRecord>("delegated_grants", "grant_id",
        ["tenant_id", "scan_id", "grant_id"],
        ["tenant_id", "scan_id", "grant_id", "client_id", "resource_id", "consent_type", "principal_id", "scopes"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await Text(w, r.GrantId, ct);
            await w.WriteAsync(r.ClientId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.ResourceId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.ConsentType, ct);
            await Nullable(w, r.PrincipalId, ct);
            await TextArray(w, r.Scopes, ct);
        });

    public static readonly InventoryTable AppRoleAssignments = Table<AppRoleAssignmentRecord>("app_role_assignments", "assignment_id",
        ["tenant_id", "scan_id", "assignment_id"],
        ["tenant_id", "scan_id", "assignment_id", "app_role_id", "principal_id", "principal_type", "principal_display_name", "resource_id", "resource_display_name", "created_at"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await Text(w, r.AssignmentId, ct);
            await w.WriteAsync(r.AppRoleId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.PrincipalId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.PrincipalType, ct);
            await Nullable(w, r.PrincipalDisplayName, ct);
            await w.WriteAsync(r.ResourceId, NpgsqlDbType.Uuid, ct);
            await Nullable(w, r.ResourceDisplayName, ct);
            await Nullable(w, r.CreatedAt, ct);
        });

    public static readonly InventoryTable RoleDefinitions = Table<RoleDefinitionRecord>("role_definitions", "role_definition_id",
        ["tenant_id", "scan_id", "role_definition_id"],
        ["tenant_id", "scan_id", "role_definition_id", "display_name", "is_built_in", "is_privileged", "template_id"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await Text(w, r.RoleDefinitionId, ct);
            await Text(w, r.DisplayName, ct);
            await w.WriteAsync(r.IsBuiltIn, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.IsPrivileged, NpgsqlDbType.Boolean, ct);
            await Nullable(w, r.TemplateId, ct);
        });

    public static readonly InventoryTable RoleAssignments = Table<RoleAssignmentRecord>("role_assignments", "assignment_id",
        ["tenant_id", "scan_id", "assignment_id"],
        ["tenant_id", "scan_id", "assignment_id", "role_definition_id", "principal_id", "principal_type", "directory_scope_id", "is_eligible"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await Text(w, r.AssignmentId, ct);
            await Text(w, r.RoleDefinitionId, ct);
            await w.WriteAsync(r.PrincipalId, NpgsqlDbType.Uuid, ct);
            await Nullable(w, r.PrincipalType, ct);
            await Text(w, r.DirectoryScopeId, ct);
            await w.WriteAsync(r.IsEligible, NpgsqlDbType.Boolean, ct);
        });

    public static readonly InventoryTable Users = Table<UserRecord>("users", "object_id",
        ["tenant_id", "scan_id", "object_id"],
        ["tenant_id", "scan_id", "object_id", "display_name", "user_principal_name", "user_type", "account_enabled", "on_premises_sync_enabled", "created_at", "last_sign_in_at", "last_non_interactive_sign_in_at"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.ObjectId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.DisplayName, ct);
            await Nullable(w, r.UserPrincipalName, ct);
            await Nullable(w, r.UserType, ct);
            await w.WriteAsync(r.AccountEnabled, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.OnPremisesSyncEnabled, NpgsqlDbType.Boolean, ct);
            await Nullable(w, r.CreatedAt, ct);
            await Nullable(w, r.LastSignInAt, ct);
            await Nullable(w, r.LastNonInteractiveSignInAt, ct);
        });

    public static readonly InventoryTable SignInDailySummaries = Table<SignInDailySummary>("sign_in_daily_summaries", "user_id",
        ["tenant_id", "scan_id", "user_id", "app_id", "day", "client_app_used"],
        ["tenant_id", "scan_id", "user_id", "app_id", "day", "client_app_used", "sign_ins", "failures", "mfa_satisfied", "is_legacy_authentication", "last_seen_at"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.UserId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.AppId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
            await Text(w, r.ClientAppUsed, ct);
            await w.WriteAsync(r.SignIns, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.Failures, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.MfaSatisfied, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.IsLegacyAuthentication, NpgsqlDbType.Boolean, ct);
            await Nullable(w, r.LastSeenAt, ct);
        });

    public static readonly InventoryTable MfaRegistrations = Table<MfaRegistrationRecord>("mfa_registrations", "user_id",
        ["tenant_id", "scan_id", "user_id"],
        ["tenant_id", "scan_id", "user_id", "is_admin", "is_mfa_registered", "is_mfa_capable", "methods_registered", "default_method"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.UserId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.IsAdmin, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.IsMfaRegistered, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.IsMfaCapable, NpgsqlDbType.Boolean, ct);
            await TextArray(w, r.MethodsRegistered, ct);
            await Nullable(w, r.DefaultMethod, ct);
        });

    public static readonly InventoryTable TenantPolicies = Table<TenantPolicyRecord>("tenant_policies", "policy_id",
        ["tenant_id", "scan_id", "kind", "policy_id"],
        ["tenant_id", "scan_id", "kind", "policy_id", "display_name", "state", "settings"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await Text(w, r.Kind, ct);
            await Text(w, r.PolicyId, ct);
            await Nullable(w, r.DisplayName, ct);
            await Nullable(w, r.State, ct);
            await Json(w, r.Settings, ct);
        });

    public static readonly InventoryTable AppSignInActivities = Table<AppSignInActivityRecord>("app_sign_in_activities", "app_id",
        ["tenant_id", "scan_id", "app_id"],
        ["tenant_id", "scan_id", "app_id", "last_sign_in_at"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.AppId, NpgsqlDbType.Uuid, ct);
            await Nullable(w, r.LastSignInAt, ct);
        });

    public static readonly InventoryTable FederatedCredentials = Table<FederatedCredentialRecord>("federated_credentials", "application_object_id",
        ["tenant_id", "scan_id", "application_object_id", "credential_id"],
        ["tenant_id", "scan_id", "application_object_id", "credential_id", "name", "issuer", "subject", "audiences"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.ApplicationObjectId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.CredentialId, ct);
            await Nullable(w, r.Name, ct);
            await Text(w, r.Issuer, ct);
            await Text(w, r.Subject, ct);
            await TextArray(w, r.Audiences, ct);
        });

    public static readonly InventoryTable GroupMembers = Table<GroupMemberRecord>("group_members", "group_id",
        ["tenant_id", "scan_id", "group_id", "member_id"],
        ["tenant_id", "scan_id", "group_id", "member_id", "member_type", "group_display_name"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.GroupId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.MemberId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.MemberType, ct);
            await Nullable(w, r.GroupDisplayName, ct);
        });

    public static readonly InventoryTable RoleSchedules = Table<RoleScheduleRecord>("role_schedules", "schedule_id",
        ["tenant_id", "scan_id", "schedule_kind", "schedule_id"],
        ["tenant_id", "scan_id", "schedule_kind", "schedule_id", "role_definition_id", "principal_id", "directory_scope_id", "assignment_type", "member_type", "starts_at", "ends_at"],
        async (w, r, ct) =>
        {
            await Keys(w, r.TenantId, r.ScanId, ct);
            await w.WriteAsync(r.ScheduleKind, NpgsqlDbType.Varchar, ct);
            await Text(w, r.ScheduleId, ct);
            await Text(w, r.RoleDefinitionId, ct);
            await w.WriteAsync(r.PrincipalId, NpgsqlDbType.Uuid, ct);
            await Text(w, r.DirectoryScopeId, ct);
            await Nullable(w, r.AssignmentType, ct);
            await Nullable(w, r.MemberType, ct);
            await Nullable(w, r.StartsAt, ct);
            await Nullable(w, r.EndsAt, ct);
        });

    public static IReadOnlyList<InventoryTable> All { get; } =
        [Applications, ServicePrincipals, Credentials, Owners, DelegatedGrants, AppRoleAssignments, RoleDefinitions, RoleAssignments, Users, SignInDailySummaries, MfaRegistrations, TenantPolicies,
         AppSignInActivities, FederatedCredentials, GroupMembers, RoleSchedules];

    public static InventoryTable For<T>() => All.Single(t => t.RecordType == typeof(T));

    private static InventoryTable Table<T>(string name, string objectIdColumn, string[] keyColumns, string[] columns, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write)
        => new(name, typeof(T), columns, keyColumns, objectIdColumn, (w, row, ct) => write(w, (T)row, ct));

    private static async Task Keys(NpgsqlBinaryImporter w, Guid tenantId, Guid scanId, CancellationToken ct)
    {
        await w.WriteAsync(tenantId, NpgsqlDbType.Uuid, ct);
        await w.WriteAsync(scanId, NpgsqlDbType.Uuid, ct);
    }

    private static Task Nullable(NpgsqlBinaryImporter w, string? value, CancellationToken ct)
        => value is null ? w.WriteNullAsync(ct) : Text(w, value, ct);

    // PostgreSQL text cannot hold U+0000, and one such character in a display name would fail the
    // whole scan. It is stored as U+FFFD, visibly replaced; every other character is kept as Graph sent it.
    private static Task Text(NpgsqlBinaryImporter w, string value, CancellationToken ct)
        => w.WriteAsync(WithoutNul(value), NpgsqlDbType.Text, ct);

    private static Task TextArray(NpgsqlBinaryImporter w, string[] values, CancellationToken ct)
        => w.WriteAsync(values.Select(WithoutNul).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);

    // In JSON the character arrives escaped, and jsonb refuses the escape as well.
    private static Task Json(NpgsqlBinaryImporter w, string json, CancellationToken ct)
        => w.WriteAsync(json.Replace("\\u0000", "\\uFFFD", StringComparison.OrdinalIgnoreCase), NpgsqlDbType.Jsonb, ct);

    internal static string WithoutNul(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    private static Task Nullable(NpgsqlBinaryImporter w, Guid? value, CancellationToken ct)
        => value is { } v ? w.WriteAsync(v, NpgsqlDbType.Uuid, ct) : w.WriteNullAsync(ct);

    private static Task Nullable(NpgsqlBinaryImporter w, DateTimeOffset? value, CancellationToken ct)
        => value is { } v ? w.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct) : w.WriteNullAsync(ct);
}

using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>Inventory records with sensible defaults, so a rule test states only what matters to the rule.</summary>
internal static class Records
{
    // Built-in directory roles: their template ids, the same in every tenant.
    public const string ApplicationAdministrator = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
    public const string DirectoryReaders = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string PrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    public const string SecurityAdministrator = "194ae4cb-b126-40b2-bd5b-6091b380977d";
    public const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";

    public static readonly Guid Tenant = new("11111111-1111-1111-1111-111111111111");
    public static readonly Guid ScanOfRecords = new("22222222-2222-2222-2222-222222222222");
    public static readonly DateTimeOffset AsOf = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    public static ScanFacts Facts(RuleSettings? settings = null) => new(Tenant, ScanOfRecords, AsOf, AsOf, settings ?? RuleSettings.Default);

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static ApplicationRecord App(int n, string? name = null) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(n), AppId = Id(10_000 + n), DisplayName = name ?? $"App {n}",
        SignInAudience = "AzureADMyOrg", CreatedAt = AsOf.AddDays(-400),
    };

    public static ServicePrincipalRecord ServicePrincipalOf(ApplicationRecord app, int n) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(n), AppId = app.AppId, DisplayName = app.DisplayName,
        ServicePrincipalType = "Application", AppOwnerOrganizationId = Tenant, AccountEnabled = true,
    };

    public static ServicePrincipalRecord ServicePrincipal(int n, Guid appId, string name, Guid? owner = null) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(n), AppId = appId, DisplayName = name,
        ServicePrincipalType = "Application", AppOwnerOrganizationId = owner ?? Tenant, AccountEnabled = true,
    };

    public static CredentialRecord Secret(Guid owner, int n, DateTimeOffset starts, DateTimeOffset? ends, CredentialOwnerKind kind = CredentialOwnerKind.Application) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, OwnerObjectId = owner, CredentialId = Id(50_000 + n), OwnerKind = kind,
        Kind = CredentialKind.Password, DisplayName = $"secret {n}", StartsAt = starts, EndsAt = ends,
    };

    public static CredentialRecord Certificate(Guid owner, int n, DateTimeOffset starts, DateTimeOffset ends) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, OwnerObjectId = owner, CredentialId = Id(60_000 + n), OwnerKind = CredentialOwnerKind.Application,
        Kind = CredentialKind.Certificate, DisplayName = $"certificate {n}", StartsAt = starts, EndsAt = ends,
    };

    /// <summary>
    /// A user whose last sign-in attempts (<paramref name="lastSignIn"/>, <paramref name="lastNonInteractive"/>) succeeded,
    /// unless <paramref name="lastSuccessful"/> says when the last success was, or <paramref name="noSuccess"/> that none is recorded.
    /// </summary>
    public static UserRecord User(
        int n, string? name = null, string userType = "Member", bool enabled = true, DateTimeOffset? lastSignIn = null, DateTimeOffset? lastNonInteractive = null,
        bool synced = false, DateTimeOffset? created = null, DateTimeOffset? lastSuccessful = null, bool noSuccess = false)
    {
        var interactive = lastSignIn ?? AsOf.AddDays(-1);
        var latestAttempt = lastNonInteractive is { } other && other > interactive ? other : interactive;
        return new()
        {
            TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(n), DisplayName = name ?? $"User {n}", UserPrincipalName = $"user{n}@contoso.example",
            UserType = userType, AccountEnabled = enabled, CreatedAt = created ?? AsOf.AddDays(-500), LastSignInAt = interactive,
            LastNonInteractiveSignInAt = lastNonInteractive, OnPremisesSyncEnabled = synced,
            LastSuccessfulSignInAt = noSuccess ? null : lastSuccessful ?? latestAttempt,
        };
    }

    public static OwnerRecord Owner(Guid owned, Guid owner, string type = "user", string? name = null) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, OwnedObjectId = owned, OwnerObjectId = owner, OwnerType = type, OwnerDisplayName = name,
    };

    public static AppRoleAssignmentRecord AppRole(Guid principal, Guid appRoleId, Guid resource, string resourceName = "Microsoft Graph", int n = 0) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, AssignmentId = $"assignment-{principal}-{appRoleId}-{n}", AppRoleId = appRoleId, PrincipalId = principal,
        PrincipalType = "ServicePrincipal", ResourceId = resource, ResourceDisplayName = resourceName, CreatedAt = AsOf.AddDays(-100),
    };

    public static RoleDefinitionRecord Role(string id, string name, bool privileged = true) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, RoleDefinitionId = id, DisplayName = name, IsBuiltIn = true, IsPrivileged = privileged, TemplateId = id,
    };

    public static RoleAssignmentRecord RoleAssignment(string roleId, Guid principal, string type = "User", int n = 0) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, AssignmentId = $"ra-{roleId}-{principal}-{n}", RoleDefinitionId = roleId, PrincipalId = principal, PrincipalType = type,
    };

    public static AppSignInActivityRecord SignInActivity(ApplicationRecord app, DateTimeOffset? last) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, AppId = app.AppId, LastSignInAt = last,
    };

    public static FederatedCredentialRecord Federated(ApplicationRecord app, string subject, int n = 0) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ApplicationObjectId = app.ObjectId, CredentialId = $"fic-{n}", Name = $"deploy {n}",
        Issuer = "https://token.actions.githubusercontent.com", Subject = subject, Audiences = ["api://AzureADTokenExchange"],
    };

    public static GroupMemberRecord Member(Guid group, Guid member, string? groupName = "Tier-0 Operators", string type = "user") => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, GroupId = group, MemberId = member, MemberType = type, GroupDisplayName = groupName,
    };

    /// <summary>A PIM active instance of the principal's role: <c>Assigned</c> or <c>Activated</c>, ending at <paramref name="ends"/> (null: never).</summary>
    public static RoleScheduleRecord ActiveInstance(string roleId, Guid principal, string assignmentType, DateTimeOffset? ends, int n = 0) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ScheduleKind = RoleScheduleRecord.Active, ScheduleId = $"rasi-{n}", RoleDefinitionId = roleId, PrincipalId = principal,
        AssignmentType = assignmentType, MemberType = "Direct", StartsAt = AsOf.AddDays(-300), EndsAt = ends,
    };

    public static RoleScheduleRecord EligibleSchedule(string roleId, Guid principal, int n = 0) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ScheduleKind = RoleScheduleRecord.Eligible, ScheduleId = $"res-{n}", RoleDefinitionId = roleId, PrincipalId = principal,
        MemberType = "Direct", StartsAt = AsOf.AddDays(-300),
    };

    public static TenantPolicyRecord Policy(string kind, string id, string settings, string? state = null, string? name = null) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, Kind = kind, PolicyId = id, DisplayName = name ?? id, State = state, Settings = settings,
    };

    public static MfaRegistrationRecord Registration(Guid user, bool registered, params string[] methods) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, UserId = user, IsMfaRegistered = registered, IsMfaCapable = registered, MethodsRegistered = methods,
    };

    public static SignInDailySummary LegacySignIn(Guid user, Guid app, string protocol, DateOnly day, int signIns, int failures = 0) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, UserId = user, AppId = app, Day = day, ClientAppUsed = protocol, SignIns = signIns, Failures = failures,
        IsLegacyAuthentication = true, LastSeenAt = new DateTimeOffset(day, new TimeOnly(10, 30), TimeSpan.Zero),
    };

    public static TenantPolicyRecord SecurityDefaults(bool enabled)
        => Policy("securityDefaults", "00000000-0000-0000-0000-000000000005", JsonSerializer.Serialize(new { isEnabled = enabled }), enabled ? "enabled" : "disabled", "Security Defaults");

    public static TenantPolicyRecord Authorization(object settings) => Policy("authorizationPolicy", "authorizationPolicy", JsonSerializer.Serialize(settings), name: "Authorization Policy");

    /// <summary>
    /// A Conditional Access policy as <c>ConditionalAccessReader</c> stores it: enum values as the Graph
    /// SDK names them (<c>Enabled</c>, <c>ExchangeActiveSync</c>, <c>Mfa</c>, <c>DeviceCodeFlow</c>).
    /// </summary>
    public static TenantPolicyRecord ConditionalAccess(
        int n, string name, string state, string[] grant, string[]? includeUsers = null, string[]? includeRoles = null, string[]? clientAppTypes = null,
        string[]? excludeUsers = null, string[]? excludeGroups = null, string? authenticationFlows = null, string grantOperator = "OR", string[]? includeApplications = null,
        string? authenticationStrength = null, CaConditions? conditions = null)
        => Policy("conditionalAccess", $"ca-{n}", JsonSerializer.Serialize(new
        {
            includeUsers = includeUsers ?? ["All"],
            excludeUsers = excludeUsers ?? [],
            includeGroups = conditions?.IncludeGroups ?? [],
            excludeGroups = excludeGroups ?? [],
            includeRoles = includeRoles ?? [],
            excludeRoles = conditions?.ExcludeRoles ?? [],
            includeGuestsOrExternalUsers = (string?)null,
            excludeGuestsOrExternalUsers = conditions?.ExcludeGuestsOrExternalUsers,
            includeApplications = includeApplications ?? ["All"],
            excludeApplications = conditions?.ExcludeApplications ?? [],
            clientAppTypes = clientAppTypes ?? ["All"],
            authenticationFlows,
            signInRiskLevels = conditions?.SignInRiskLevels ?? [],
            userRiskLevels = conditions?.UserRiskLevels ?? [],
            includeLocations = conditions?.IncludeLocations,
            excludeLocations = conditions?.ExcludeLocations,
            includePlatforms = conditions?.IncludePlatforms,
            excludePlatforms = (string[]?)null,
            deviceFilterMode = conditions?.DeviceFilterMode,
            grantOperator,
            builtInControls = grant,
            authenticationStrength,
            authenticationStrengthCombinations = conditions?.StrengthCombinations,
        }), state, name);

    /// <summary>The Conditional Access conditions most policies leave empty, as <c>ConditionalAccessReader</c> stores them.</summary>
    public sealed record CaConditions(
        string[]? SignInRiskLevels = null, string[]? UserRiskLevels = null, string[]? IncludeLocations = null, string[]? ExcludeLocations = null,
        string[]? IncludePlatforms = null, string[]? ExcludeApplications = null, string[]? ExcludeRoles = null, string[]? IncludeGroups = null,
        string? ExcludeGuestsOrExternalUsers = null, string? DeviceFilterMode = null, string[]? StrengthCombinations = null);
}

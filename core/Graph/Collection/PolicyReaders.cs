using IdentityOps.Core.Inventory;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Conditional Access policies, field by field (fills <see cref="TenantPolicyRecord"/> of kind
/// <c>conditionalAccess</c>). Graph allows one request per second here and sends no Retry-After
/// on its 429s, so the retry handler's exponential back-off paces it. Conditional Access comes with
/// Microsoft Entra ID P1, and a tenant without it may answer an empty list: an empty list counts as
/// "no policies" only when the organization holds P1 or P2; otherwise the collection is unavailable,
/// and the rules that read it are not evaluated rather than report every policy missing.
/// Every condition that narrows whom or which sign-ins a policy applies to is kept (risk levels, locations,
/// platforms, device filter, excluded applications, guest targeting, every exclusion), so the rules can tell
/// "MFA for everyone" from "MFA for risky sign-ins"; <c>ConditionalAccessPolicy</c> reads them back.
/// </summary>
internal sealed class ConditionalAccessReader : CollectionReader
{
    public const string Kind = "conditionalAccess";

    /// <summary>
    /// The policy as a whole: <c>conditions</c> and <c>grantControls</c> are complex types, and Graph returns the
    /// authentication strength inside <c>grantControls</c> (docs: conditionalaccesspolicy resource, "authenticationStrength").
    /// </summary>
    internal static readonly string[] Select = ["id", "displayName", "state", "conditions", "grantControls", "sessionControls"];

    public override string Name => "conditionalAccessPolicies";

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/identity/conditionalAccess/policies?$select=id,displayName,state,conditions,grantControls,sessionControls", "Policy.Read.All", "Policy.Read.All", "Security Reader", "api-reference/v1.0/includes/rbac-for-apis/rbac-conditionalaccess-apis-read.md (role)"),
        new(GraphRead.V1, "/organization?$select=assignedPlans (when the list is empty)", "User.Read", "User.Read", GraphRead.NoRole, GraphRead.Documented("organization-list")),
    ];

    internal override IReadOnlyList<InventoryShare> Shares => [InventoryShare.Policies(Kind)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<TenantPolicyRecord>();
        var firstCopies = new FirstCopies<string>(tally, "a conditional access policy");
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.Identity.ConditionalAccess.Policies.GetAsync(r => r.QueryParameters.Select = Select, ct),
            (link, ct) => context.Graph.Identity.ConditionalAccess.Policies.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var policy in page.Value ?? [])
                {
                    if (string.IsNullOrEmpty(policy.Id))
                    {
                        tally.Skip("a conditional access policy without an id");
                        continue;
                    }

                    if (!firstCopies.Admit(policy.Id))
                    {
                        continue;
                    }

                    var conditions = policy.Conditions;
                    await rows.AddAsync(
                        new TenantPolicyRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            Kind = Kind,
                            PolicyId = policy.Id,
                            DisplayName = policy.DisplayName,
                            State = policy.State?.ToString(),
                            Settings = Settings(policy),
                        },
                        ct);
                    tally.Kept++;
                }
            },
            cancellationToken);
        await rows.FlushAsync(cancellationToken);
        if (tally.Kept == 0 && !(await EntraIdPlans.ReadAsync(context.Graph, cancellationToken)).P1)
        {
            throw new GraphCollectionException(
                "Graph listed no Conditional Access policies and the organization holds no Microsoft Entra ID P1 or P2 plan, so an empty list cannot tell \"no policies\" from \"not licensed\"");
        }

        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    /// <summary>
    /// The conditions and grant controls, flat, enum values as the SDK names them (<c>ExchangeActiveSync</c>,
    /// <c>High</c>, <c>Mfa</c>); flags enums (guest types, transfer methods) as one comma-separated string.
    /// A missing condition is stored as null: Graph sends <c>locations: null</c> for "any location".
    /// </summary>
    private static string Settings(ConditionalAccessPolicy policy)
    {
        var conditions = policy.Conditions;
        var users = conditions?.Users;
        var grant = policy.GrantControls;
        return GraphMapping.Json(new
        {
            includeUsers = users?.IncludeUsers,
            excludeUsers = users?.ExcludeUsers,
            includeGroups = users?.IncludeGroups,
            excludeGroups = users?.ExcludeGroups,
            includeRoles = users?.IncludeRoles,
            excludeRoles = users?.ExcludeRoles,
            includeGuestsOrExternalUsers = users?.IncludeGuestsOrExternalUsers?.GuestOrExternalUserTypes?.ToString(),
            excludeGuestsOrExternalUsers = users?.ExcludeGuestsOrExternalUsers?.GuestOrExternalUserTypes?.ToString(),
            includeApplications = conditions?.Applications?.IncludeApplications,
            excludeApplications = conditions?.Applications?.ExcludeApplications,
            clientAppTypes = conditions?.ClientAppTypes?.Select(c => c?.ToString()),
            authenticationFlows = conditions?.AuthenticationFlows?.TransferMethods?.ToString(),
            signInRiskLevels = conditions?.SignInRiskLevels?.Select(r => r?.ToString()),
            userRiskLevels = conditions?.UserRiskLevels?.Select(r => r?.ToString()),
            insiderRiskLevels = conditions?.InsiderRiskLevels?.ToString(),
            includeLocations = conditions?.Locations?.IncludeLocations,
            excludeLocations = conditions?.Locations?.ExcludeLocations,
            includePlatforms = conditions?.Platforms?.IncludePlatforms?.Select(p => p?.ToString()),
            excludePlatforms = conditions?.Platforms?.ExcludePlatforms?.Select(p => p?.ToString()),
            deviceFilterMode = conditions?.Devices?.DeviceFilter?.Mode?.ToString(),
            grantOperator = grant?.Operator,
            builtInControls = grant?.BuiltInControls?.Select(c => c?.ToString()),
            authenticationStrength = grant?.AuthenticationStrength?.DisplayName,
            authenticationStrengthCombinations = AuthenticationModes.GraphNames(grant?.AuthenticationStrength?.AllowedCombinations),

            // issue 19 A2: the target resources besides applications (Maester MT.1011, MT.1184; ScubaGear MS.AAD.3.8v1):
            // user actions (urn:user:registersecurityinfo), authentication contexts (c1 …) and whether an application filter is set.
            includeUserActions = conditions?.Applications?.IncludeUserActions,
            includeAuthenticationContextClassReferences = conditions?.Applications?.IncludeAuthenticationContextClassReferences,
            applicationFilterMode = conditions?.Applications?.ApplicationFilter?.Mode?.ToString(),

            // issue 19 A3: the strength's id (a custom one is resolved against the tenant's strength policies), the device
            // filter's rule (MT.1017/MT.1018 look for "unmanaged devices" in it) and the session controls, enabled ones only.
            authenticationStrengthId = grant?.AuthenticationStrength?.Id,
            deviceFilterRule = conditions?.Devices?.DeviceFilter?.Rule,
            signInFrequency = policy.SessionControls?.SignInFrequency is { IsEnabled: true } frequency
                ? new { interval = frequency.FrequencyInterval?.ToString(), value = frequency.Value, type = frequency.Type?.ToString(), authenticationType = frequency.AuthenticationType?.ToString() }
                : null,
            persistentBrowser = policy.SessionControls?.PersistentBrowser is { IsEnabled: true } browser ? browser.Mode?.ToString() : null,
            applicationEnforcedRestrictions = policy.SessionControls?.ApplicationEnforcedRestrictions?.IsEnabled == true,
            cloudAppSecurity = policy.SessionControls?.CloudAppSecurity is { IsEnabled: true } mcas ? mcas.CloudAppSecurityType?.ToString() : null,
        });
    }
}

/// <summary>A policy Graph returns as one object: read it, keep the fields the rules need.</summary>
internal abstract class SingletonPolicyReader : CollectionReader
{
    protected abstract string Kind { get; }

    public override string Name => Kind;

    internal override IReadOnlyList<InventoryShare> Shares => [InventoryShare.Policies(Kind)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var (id, displayName, state, settings) = await ReadAsync(context.Graph, cancellationToken);
        await context.Inventory.WriteAsync(
            [
                new TenantPolicyRecord
                {
                    TenantId = context.TenantId,
                    ScanId = context.ScanId,
                    Kind = Kind,
                    PolicyId = id ?? Kind,
                    DisplayName = displayName,
                    State = state,
                    Settings = GraphMapping.Json(settings),
                },
            ],
            cancellationToken);
        return new CollectionOutcome(Name, 1, null, [], ViaDelta: false);
    }

    protected abstract Task<(string? Id, string? DisplayName, string? State, object Settings)> ReadAsync(GraphServiceClient graph, CancellationToken cancellationToken);

    /// <summary>A policy's on/off flag as the stored state; a missing flag counts as off.</summary>
    protected static string EnabledState(bool? isEnabled) => isEnabled == true ? "enabled" : "disabled";
}

/// <summary>
/// The tenant's authorization policy: who may consent, register apps, create tenants and security groups, invite guests,
/// what guests and users may read (<see cref="TenantPolicyRecord"/> of kind <c>authorizationPolicy</c>).
/// </summary>
internal sealed class AuthorizationPolicyReader : SingletonPolicyReader
{
    protected override string Kind => "authorizationPolicy";

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/policies/authorizationPolicy", "Policy.Read.All", "Policy.Read.All", GraphRead.NoRole, "api-reference/v1.0/includes/rbac-for-apis/rbac-authorization-policy-apis-read.md (default user permissions)")];

    protected override async Task<(string? Id, string? DisplayName, string? State, object Settings)> ReadAsync(GraphServiceClient graph, CancellationToken cancellationToken)
    {
        var policy = await graph.Policies.AuthorizationPolicy.GetAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph returned no authorization policy.");
        var defaults = policy.DefaultUserRolePermissions;
        return (policy.Id, policy.DisplayName, null, new
        {
            allowInvitesFrom = policy.AllowInvitesFrom?.ToString(),
            allowedToCreateApps = defaults?.AllowedToCreateApps,
            allowedToCreateTenants = defaults?.AllowedToCreateTenants,
            permissionGrantPoliciesAssigned = defaults?.PermissionGrantPoliciesAssigned,
            guestUserRoleId = policy.GuestUserRoleId,
            blockMsolPowerShell = policy.BlockMsolPowerShell,
            allowUserConsentForRiskyApps = policy.AllowUserConsentForRiskyApps,

            // issue 19 B: the settings EIDSCA, CIS and Maester read (all v1.0 properties of authorizationPolicy and
            // defaultUserRolePermissions). allowedToUseSSPR is kept as evidence although no rule fails on it (EIDSCA.AP01
            // wants it false against Microsoft's default; see peer-checks.tsv).
            allowedToUseSSPR = policy.AllowedToUseSSPR,
            allowedToSignUpEmailBasedSubscriptions = policy.AllowedToSignUpEmailBasedSubscriptions,
            allowEmailVerifiedUsersToJoinOrganization = policy.AllowEmailVerifiedUsersToJoinOrganization,
            allowedToReadOtherUsers = defaults?.AllowedToReadOtherUsers,
            allowedToCreateSecurityGroups = defaults?.AllowedToCreateSecurityGroups,
            allowedToReadBitlockerKeysForOwnedDevice = defaults?.AllowedToReadBitlockerKeysForOwnedDevice,
        });
    }
}

/// <summary>Whether security defaults are on (<see cref="TenantPolicyRecord"/> of kind <c>securityDefaults</c>).</summary>
internal sealed class SecurityDefaultsReader : SingletonPolicyReader
{
    protected override string Kind => "securityDefaults";

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/policies/identitySecurityDefaultsEnforcementPolicy", "Policy.Read.All", "Policy.Read.All", "Security Reader", "not re-read")];

    protected override async Task<(string? Id, string? DisplayName, string? State, object Settings)> ReadAsync(GraphServiceClient graph, CancellationToken cancellationToken)
    {
        var policy = await graph.Policies.IdentitySecurityDefaultsEnforcementPolicy.GetAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph returned no security defaults policy.");
        return (policy.Id, policy.DisplayName, EnabledState(policy.IsEnabled), new { isEnabled = policy.IsEnabled });
    }
}

/// <summary>
/// The organization: its name and which Entra ID plans it holds, so the rules can tell "no finding"
/// from "not evaluated: no licence" (<see cref="TenantPolicyRecord"/> of kind <c>organization</c>), and its
/// verified domains' names, the only addresses alerts may be sent to (core/Alerts/Recipients). User.Read
/// reads <c>verifiedDomains</c> ("Applications granted the User.Read permission are able to read only the id,
/// displayName, and verifiedDomains properties of the organization", organization-get), so no scope is added.
/// </summary>
internal sealed class OrganizationReader : CollectionReader
{
    public const string Kind = "organization";

    public override string Name => Kind;

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/organization?$select=assignedPlans,verifiedDomains", "User.Read", "User.Read", GraphRead.NoRole, GraphRead.Documented("organization-list"))];

    internal override IReadOnlyList<InventoryShare> Shares => [InventoryShare.Policies(Kind)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var plans = await EntraIdPlans.ReadAsync(context.Graph, cancellationToken);
        await context.Inventory.WriteAsync(
            [
                new TenantPolicyRecord
                {
                    TenantId = context.TenantId,
                    ScanId = context.ScanId,
                    Kind = Kind,
                    PolicyId = plans.Id ?? Kind,
                    DisplayName = plans.DisplayName,
                    Settings = GraphMapping.Json(new { entraIdP1 = plans.P1, entraIdP2 = plans.P2, verifiedDomains = plans.VerifiedDomains }),
                },
            ],
            cancellationToken);
        return new CollectionOutcome(Name, 1, null, [], ViaDelta: false);
    }
}

/// <summary>The organization's Microsoft Entra ID plans, from its enabled <c>assignedPlans</c>, and its verified domains' names.</summary>
/// <param name="P1">P1 or P2 is enabled (P2 includes P1).</param>
/// <param name="P2">P2 is enabled.</param>
internal sealed record EntraIdPlans(string? Id, string? DisplayName, bool P1, bool P2, IReadOnlyList<string> VerifiedDomains)
{
    // Service plan ids of Microsoft Entra ID P1 (AAD_PREMIUM) and P2 (AAD_PREMIUM_P2).
    private static readonly Guid EntraIdP1 = Guid.Parse("41781fb2-bc02-4b7c-bd55-b576c07bb09d");
    private static readonly Guid EntraIdP2 = Guid.Parse("eec0eb4f-6444-4f95-aba0-50c24d67f998");

    internal static readonly string[] Select = ["id", "displayName", "assignedPlans", "verifiedDomains"];

    public static async Task<EntraIdPlans> ReadAsync(GraphServiceClient graph, CancellationToken cancellationToken)
    {
        var page = await graph.Organization.GetAsync(r => r.QueryParameters.Select = Select, cancellationToken);
        var organization = page?.Value?.FirstOrDefault() ?? throw new GraphCollectionException("Graph returned no organization for this tenant.");
        var enabled = (organization.AssignedPlans ?? []).Where(p => string.Equals(p.CapabilityStatus, "Enabled", StringComparison.OrdinalIgnoreCase)).Select(p => p.ServicePlanId).ToHashSet();
        var domains = (organization.VerifiedDomains ?? []).Select(d => d.Name).OfType<string>().Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new EntraIdPlans(organization.Id, organization.DisplayName, enabled.Contains(EntraIdP1) || enabled.Contains(EntraIdP2), enabled.Contains(EntraIdP2), domains);
    }
}

/// <summary>
/// Which authentication methods the tenant allows (<see cref="TenantPolicyRecord"/> of kind
/// <c>authenticationMethodsPolicy</c>): each method configuration's id (<c>Sms</c>, <c>Voice</c>,
/// <c>Email</c>, <c>Fido2</c> …) by state, and the migration state, since the legacy MFA and SSPR
/// settings still apply too until migration is complete.
/// </summary>
internal sealed class AuthenticationMethodsPolicyReader : SingletonPolicyReader
{
    protected override string Kind => "authenticationMethodsPolicy";

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/policies/authenticationMethodsPolicy", "Policy.Read.AuthenticationMethod", "Policy.Read.All", "Global Reader", GraphRead.Documented("authenticationmethodspolicy-get"))];

    protected override async Task<(string? Id, string? DisplayName, string? State, object Settings)> ReadAsync(GraphServiceClient graph, CancellationToken cancellationToken)
    {
        var policy = await graph.Policies.AuthenticationMethodsPolicy.GetAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph returned no authentication methods policy.");
        var methods = (policy.AuthenticationMethodConfigurations ?? []).Where(m => !string.IsNullOrEmpty(m.Id)).ToList();
        return (policy.Id, policy.DisplayName, null, new
        {
            policyMigrationState = policy.PolicyMigrationState?.ToString(),
            enabledMethods = methods.Where(m => m.State == AuthenticationMethodState.Enabled).Select(m => m.Id).Order(StringComparer.Ordinal),
            disabledMethods = methods.Where(m => m.State != AuthenticationMethodState.Enabled).Select(m => m.Id).Order(StringComparer.Ordinal),
        });
    }
}

/// <summary>Whether users can ask an administrator for consent, and who reviews (<see cref="TenantPolicyRecord"/> of kind <c>adminConsentRequestPolicy</c>).</summary>
internal sealed class AdminConsentRequestPolicyReader : SingletonPolicyReader
{
    protected override string Kind => "adminConsentRequestPolicy";

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/policies/adminConsentRequestPolicy", "Policy.Read.All", "Policy.Read.All", "Global Reader", GraphRead.Documented("adminconsentrequestpolicy-get"))];

    protected override async Task<(string? Id, string? DisplayName, string? State, object Settings)> ReadAsync(GraphServiceClient graph, CancellationToken cancellationToken)
    {
        var policy = await graph.Policies.AdminConsentRequestPolicy.GetAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph returned no admin consent request policy.");
        return (policy.Id, null, EnabledState(policy.IsEnabled), new
        {
            isEnabled = policy.IsEnabled,
            reviewers = policy.Reviewers?.Count ?? 0,
            notifyReviewers = policy.NotifyReviewers,
            requestDurationInDays = policy.RequestDurationInDays,
        });
    }
}

/// <summary>
/// The tenant-wide default app management policy: the restrictions on app registrations' secrets and
/// certificates (<see cref="TenantPolicyRecord"/> of kind <c>defaultAppManagementPolicy</c>). Only the
/// client secret (password) restrictions of app registrations are kept, lifetimes in days: no rule reads
/// certificate or service principal restrictions.
/// </summary>
internal sealed class DefaultAppManagementPolicyReader : SingletonPolicyReader
{
    protected override string Kind => "defaultAppManagementPolicy";

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/policies/defaultAppManagementPolicy", "Policy.Read.ApplicationConfiguration", "Policy.Read.All", GraphRead.NoRole, "not re-read")];

    protected override async Task<(string? Id, string? DisplayName, string? State, object Settings)> ReadAsync(GraphServiceClient graph, CancellationToken cancellationToken)
    {
        var policy = await graph.Policies.DefaultAppManagementPolicy.GetAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph returned no default app management policy.");
        var restrictions = policy.ApplicationRestrictions;
        return (policy.Id, policy.DisplayName, EnabledState(policy.IsEnabled), new
        {
            isEnabled = policy.IsEnabled,
            passwordCredentials = (restrictions?.PasswordCredentials ?? []).Select(r => new
            {
                restrictionType = r.RestrictionType?.ToString(),
                maxLifetimeDays = r.MaxLifetime?.TotalDays,
                restrictForAppsCreatedAfter = r.RestrictForAppsCreatedAfterDateTime,
                state = r.State?.ToString(),
            }),
        });
    }
}

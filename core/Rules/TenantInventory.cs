using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules;

/// <summary>
/// Everything one scan collected, with the lookups rules share. Built once per evaluation; rules only
/// read it. <see cref="Unavailable"/> says which collections (or parts) Graph could not give, and why.
/// </summary>
public sealed class TenantInventory
{
    private readonly Lazy<ILookup<Guid, CredentialRecord>> credentialsByOwner;
    private readonly Lazy<ILookup<Guid, OwnerRecord>> ownersByObject;
    private readonly Lazy<ILookup<Guid, AppRoleAssignmentRecord>> appRolesByPrincipal;
    private readonly Lazy<Dictionary<Guid, ServicePrincipalRecord>> servicePrincipalsById;
    private readonly Lazy<Dictionary<Guid, ServicePrincipalRecord>> servicePrincipalsByAppId;
    private readonly Lazy<Dictionary<Guid, ApplicationRecord>> applicationsByAppId;
    private readonly Lazy<Dictionary<Guid, UserRecord>> usersById;
    private readonly Lazy<Dictionary<Guid, MfaRegistrationRecord>> mfaByUser;
    private readonly Lazy<Dictionary<string, RoleDefinitionRecord>> rolesById;
    private readonly Lazy<ILookup<Guid, RoleAssignmentRecord>> rolesByPrincipal;
    private readonly Lazy<ILookup<Guid, (RoleAssignmentRecord Assignment, RoleDefinitionRecord Role)>> privilegedByPrincipal;
    private readonly Lazy<HashSet<Guid>> appIdsSignedInto;

    public TenantInventory()
    {
        credentialsByOwner = new(() => Credentials.ToLookup(c => c.OwnerObjectId));
        ownersByObject = new(() => Owners.ToLookup(o => o.OwnedObjectId));
        appRolesByPrincipal = new(() => AppRoleAssignments.ToLookup(a => a.PrincipalId));
        servicePrincipalsById = new(() => ServicePrincipals.ToDictionary(s => s.ObjectId));
        servicePrincipalsByAppId = new(() => ServicePrincipals.GroupBy(s => s.AppId).ToDictionary(g => g.Key, g => g.First()));
        applicationsByAppId = new(() => Applications.GroupBy(a => a.AppId).ToDictionary(g => g.Key, g => g.First()));
        usersById = new(() => Users.ToDictionary(u => u.ObjectId));
        mfaByUser = new(() => MfaRegistrations.ToDictionary(m => m.UserId));
        rolesById = new(() => RoleDefinitions.ToDictionary(r => r.RoleDefinitionId, StringComparer.OrdinalIgnoreCase));
        rolesByPrincipal = new(() => RoleAssignments.ToLookup(r => r.PrincipalId));

        // Eligible (PIM) assignments are not standing access: a role that has to be activated first is not counted.
        privilegedByPrincipal = new(() => RoleAssignments
            .Where(a => !a.IsEligible)
            .Select(a => (Assignment: a, Role: Role(a.RoleDefinitionId)))
            .Where(x => x.Role is { IsPrivileged: true })
            .ToLookup(x => x.Assignment.PrincipalId, x => (x.Assignment, x.Role!)));
        appIdsSignedInto = new(() => SignIns.Select(s => s.AppId).ToHashSet());
    }

    public IReadOnlyList<ApplicationRecord> Applications { get; init; } = [];
    public IReadOnlyList<ServicePrincipalRecord> ServicePrincipals { get; init; } = [];
    public IReadOnlyList<CredentialRecord> Credentials { get; init; } = [];
    public IReadOnlyList<OwnerRecord> Owners { get; init; } = [];
    public IReadOnlyList<DelegatedGrantRecord> DelegatedGrants { get; init; } = [];
    public IReadOnlyList<AppRoleAssignmentRecord> AppRoleAssignments { get; init; } = [];
    public IReadOnlyList<RoleDefinitionRecord> RoleDefinitions { get; init; } = [];
    public IReadOnlyList<RoleAssignmentRecord> RoleAssignments { get; init; } = [];
    public IReadOnlyList<UserRecord> Users { get; init; } = [];
    public IReadOnlyList<SignInDailySummary> SignIns { get; init; } = [];
    public IReadOnlyList<MfaRegistrationRecord> MfaRegistrations { get; init; } = [];
    public IReadOnlyList<TenantPolicyRecord> Policies { get; init; } = [];

    /// <summary>Collections (or parts such as <c>users.signInActivity</c>) Graph could not give, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Unavailable { get; init; } = new Dictionary<string, string>();

    /// <summary>The collections the scan ran; null means "all" (unit tests). Data of a collection the scan did not run is unavailable.</summary>
    public IReadOnlySet<string>? Collected { get; init; }

    public IEnumerable<CredentialRecord> CredentialsOf(Guid ownerObjectId) => credentialsByOwner.Value[ownerObjectId];

    public IEnumerable<OwnerRecord> OwnersOf(Guid ownedObjectId) => ownersByObject.Value[ownedObjectId];

    /// <summary>Application permissions granted to a service principal (as the principal of the assignment).</summary>
    public IEnumerable<AppRoleAssignmentRecord> AppRolesGrantedTo(Guid servicePrincipalId) => appRolesByPrincipal.Value[servicePrincipalId];

    public ServicePrincipalRecord? ServicePrincipal(Guid objectId) => servicePrincipalsById.Value.GetValueOrDefault(objectId);

    /// <summary>The service principal an app registration has in this tenant, if it has one.</summary>
    public ServicePrincipalRecord? ServicePrincipalOfApp(Guid appId) => servicePrincipalsByAppId.Value.GetValueOrDefault(appId);

    public ApplicationRecord? ApplicationOf(Guid appId) => applicationsByAppId.Value.GetValueOrDefault(appId);

    public UserRecord? User(Guid objectId) => usersById.Value.GetValueOrDefault(objectId);

    public MfaRegistrationRecord? MfaRegistrationOf(Guid userId) => mfaByUser.Value.GetValueOrDefault(userId);

    public RoleDefinitionRecord? Role(string roleDefinitionId) => rolesById.Value.GetValueOrDefault(roleDefinitionId);

    /// <summary>Tenant-wide role assignments of a principal (directory scope "/").</summary>
    public IEnumerable<RoleAssignmentRecord> RolesOf(Guid principalId) => rolesByPrincipal.Value[principalId];

    /// <summary>Active assignments of privileged directory roles (Graph's <c>isPrivileged</c>), grouped by principal.</summary>
    public IEnumerable<IGrouping<Guid, (RoleAssignmentRecord Assignment, RoleDefinitionRecord Role)>> PrivilegedAssignments => privilegedByPrincipal.Value;

    /// <summary>Privileged directory roles the principal holds actively, by display name, sorted.</summary>
    public IReadOnlyList<string> PrivilegedRolesOf(Guid principalId)
        => privilegedByPrincipal.Value[principalId]
            .Select(x => x.Role.DisplayName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether the collected sign-in log holds any sign-in to the app.</summary>
    public bool HasSignInsTo(Guid appId) => appIdsSignedInto.Value.Contains(appId);

    public TenantPolicyRecord? Policy(string kind) => Policies.FirstOrDefault(p => p.Kind == kind);

    public IEnumerable<TenantPolicyRecord> PoliciesOf(string kind) => Policies.Where(p => p.Kind == kind).OrderBy(p => p.PolicyId, StringComparer.Ordinal);

    /// <summary>Why the named data is unavailable, or null when it was collected (a part inherits its collection's reason).</summary>
    public string? UnavailableReason(string data)
    {
        if (Unavailable.TryGetValue(data, out var reason))
        {
            return reason;
        }

        var dot = data.IndexOf('.', StringComparison.Ordinal);
        var collection = dot > 0 ? data[..dot] : data;
        if (Unavailable.TryGetValue(collection, out var parent))
        {
            return parent;
        }

        return Collected is not null && !Collected.Contains(collection) ? "this scan did not collect it" : null;
    }
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Inventory;

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
    private readonly Lazy<ILookup<Guid, PrivilegedAssignment>> privilegedByPrincipal;
    private readonly Lazy<Dictionary<Guid, AppSignInActivityRecord>> signInActivityByApp;
    private readonly Lazy<ILookup<Guid, FederatedCredentialRecord>> federatedByApplication;

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

        privilegedByPrincipal = new(PrivilegedByPrincipal);
        signInActivityByApp = new(() => AppSignInActivities.GroupBy(a => a.AppId).ToDictionary(g => g.Key, g => g.First()));
        federatedByApplication = new(() => FederatedCredentials.ToLookup(f => f.ApplicationObjectId));
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
    public IReadOnlyList<AppSignInActivityRecord> AppSignInActivities { get; init; } = [];
    public IReadOnlyList<FederatedCredentialRecord> FederatedCredentials { get; init; } = [];

    /// <summary>Transitive members of the groups that are principals of privileged role assignments.</summary>
    public IReadOnlyList<GroupMemberRecord> GroupMembers { get; init; } = [];

    /// <summary>Privileged Identity Management: eligible schedules and active assignment instances.</summary>
    public IReadOnlyList<RoleScheduleRecord> RoleSchedules { get; init; } = [];

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

    /// <summary>
    /// Active assignments of privileged directory roles (Graph's <c>isPrivileged</c>), grouped by the
    /// principal that holds them: the assignment's principal, and each member of a group that is one
    /// (<see cref="PrivilegedAssignment.ViaGroupId"/> says which group).
    /// </summary>
    public IEnumerable<IGrouping<Guid, PrivilegedAssignment>> PrivilegedAssignments => privilegedByPrincipal.Value;

    /// <summary>The privileged roles the principal holds actively, directly or through a group.</summary>
    public IEnumerable<PrivilegedAssignment> PrivilegedAssignmentsOf(Guid principalId) => privilegedByPrincipal.Value[principalId];

    /// <summary>Privileged directory roles the principal holds actively, by display name, sorted.</summary>
    public IReadOnlyList<string> PrivilegedRolesOf(Guid principalId)
        => privilegedByPrincipal.Value[principalId]
            .Select(x => x.Role.DisplayName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The app's sign-in activity record (Graph lists one per app that ever signed in), or null.</summary>
    public AppSignInActivityRecord? SignInActivityOf(Guid appId) => signInActivityByApp.Value.GetValueOrDefault(appId);

    public IEnumerable<FederatedCredentialRecord> FederatedCredentialsOf(Guid applicationObjectId) => federatedByApplication.Value[applicationObjectId];

    public TenantPolicyRecord? Policy(string kind) => Policies.FirstOrDefault(p => p.Kind == kind);

    public IEnumerable<TenantPolicyRecord> PoliciesOf(string kind) => Policies.Where(p => p.Kind == kind).OrderBy(p => p.PolicyId, StringComparer.Ordinal);

    // Eligible (PIM) assignments are not standing access: a role that has to be activated first is not
    // counted. A role-assignable group's members hold its roles as much as the group does: each member
    // is a holder too, through that group (Graph's transitiveMembers, nested groups included).
    private ILookup<Guid, PrivilegedAssignment> PrivilegedByPrincipal()
    {
        var membersByGroup = GroupMembers.ToLookup(m => m.GroupId);
        return RoleAssignments
            .Where(a => !a.IsEligible)
            .Select(a => (Assignment: a, Role: Role(a.RoleDefinitionId)))
            .Where(x => x.Role is { IsPrivileged: true })
            .SelectMany(x => membersByGroup[x.Assignment.PrincipalId]
                .Select(m => new PrivilegedAssignment(m.MemberId, m.MemberType, x.Assignment, x.Role!, m.GroupId, m.GroupDisplayName))
                .Prepend(new PrivilegedAssignment(x.Assignment.PrincipalId, x.Assignment.PrincipalType, x.Assignment, x.Role!, null, null)))
            .ToLookup(p => p.PrincipalId);
    }

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

/// <summary>
/// A privileged role a principal holds: through its own assignment, or as a member of the group
/// <see cref="ViaGroupId"/> that the assignment names.
/// </summary>
public sealed record PrivilegedAssignment(Guid PrincipalId, string? PrincipalType, RoleAssignmentRecord Assignment, RoleDefinitionRecord Role, Guid? ViaGroupId, string? ViaGroupName);

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Whom one Conditional Access policy actually covers (issue 19 item 4): a policy for "All users" that excludes most
/// of them is not a policy for all users. Counts the users, groups and roles it excludes, names the exclusions beyond
/// the emergency-access accounts and the Directory Synchronization Accounts role (<see cref="ConditionalAccessExclusions"/>),
/// and measures the share of enabled users it covers.
/// <para>
/// An excluded group whose members the scan does not read (it reads the members of role-assignable groups only) can
/// hold anyone: it always counts as an exclusion beyond the emergency-access accounts, so a policy with one never
/// passes as "everyone but break-glass", and the share of users covered is then an upper bound ("at most"), stated
/// with the groups' names rather than read as coverage.
/// </para>
/// </summary>
internal sealed record ConditionalAccessCoverage(
    ConditionalAccessPolicy Policy,
    ConditionalAccessExclusions BeyondBreakGlass,
    int ExcludedUsers,
    int ExcludedGroups,
    int ExcludedRoles,
    int GroupsWithUnknownMembers,
    int? EnabledUsers,
    int? CoveredUsers)
{
    /// <summary>Nobody is left out but the emergency-access accounts (and the sync role), as Microsoft's templates do.</summary>
    public bool LeavesOutOnlyBreakGlass => !BeyondBreakGlass.Any;

    /// <summary>
    /// "Name: excludes 8 user(s) (…); covers 7 of 15 enabled users (47%)": the policy's exclusions beyond break-glass
    /// and the share it covers, as the explanations list a policy whose exclusions make it fail.
    /// </summary>
    public string Describe()
    {
        string share;
        if (EnabledUsers is not { } enabled || CoveredUsers is not { } covered)
        {
            share = "the share of users it covers is unknown (the users were not collected)";
        }
        else if (enabled == 0)
        {
            share = "the tenant has no enabled users";
        }
        else if (GroupsWithUnknownMembers > 0)
        {
            share = $"covers at most {covered} of {enabled} enabled users ({Percent(covered, enabled)}), since the members of {GroupsWithUnknownMembers} excluded group(s) are not read and whoever is in them is not covered";
        }
        else
        {
            share = $"covers {covered} of {enabled} enabled users ({Percent(covered, enabled)})";
        }

        return $"{Policy.Name}: {BeyondBreakGlass.Describe()}; {share}";
    }

    public static ConditionalAccessCoverage Of(ConditionalAccessPolicy policy, TenantInventory inventory, IReadOnlyCollection<Guid> breakGlass, PrincipalMembership membership)
    {
        var knownGroups = inventory.GroupMembers.Select(m => m.GroupId.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknownGroups = policy.ExcludeGroups.Count(g => !knownGroups.Contains(g));
        int? enabled = null, covered = null;
        // The share needs who is enabled and who is a guest; a property Graph did not give leaves it unknown, not computed from defaults.
        if (inventory.UnavailableReason("users.accountEnabled") is null && inventory.UnavailableReason("users.userType") is null)
        {
            var users = inventory.Users.Where(u => u.AccountEnabled).ToList();
            enabled = users.Count;
            covered = users.Count(u => membership.Covers(policy, u.ObjectId, IsGuest(u)));
        }

        return new ConditionalAccessCoverage(
            policy,
            ConditionalAccessExclusions.BeyondBreakGlass(policy, inventory, breakGlass),
            policy.ExcludeUsers.Count(id => !id.Equals("GuestsOrExternalUsers", StringComparison.OrdinalIgnoreCase)),
            policy.ExcludeGroups.Length,
            policy.ExcludeRoles.Length,
            unknownGroups,
            enabled,
            covered);
    }

    public static bool IsGuest(UserRecord user) => string.Equals(user.UserType, "Guest", StringComparison.OrdinalIgnoreCase);

    private static string Percent(int part, int whole) => $"{(int)Math.Round(100m * part / whole, MidpointRounding.AwayFromZero)}%";
}

/// <summary>
/// Which groups and built-in roles a principal is in, as far as the scan knows, to match a policy's include and exclude
/// lists. A role counts only when held at tenant scope and built in: Conditional Access targets neither a role assigned
/// over an administrative unit nor a custom role
/// (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-users-groups, checked
/// 2026-12-07). An eligible (PIM) assignment counts as the role, since the policy applies once it is activated.
/// </summary>
internal sealed class PrincipalMembership(TenantInventory inventory)
{
    private const string TenantScope = "/";

    private readonly ILookup<Guid, Guid> groupsOf = inventory.GroupMembers.ToLookup(m => m.MemberId, m => m.GroupId);
    private readonly ILookup<Guid, RoleAssignmentRecord> assignmentsOf = inventory.RoleAssignments.ToLookup(a => a.PrincipalId);

    /// <summary>
    /// The policy applies to the principal: included through all users, the user, a known group, a built-in role at
    /// tenant scope or (for a guest) the guest types, and excluded through none of them. Guests are matched by
    /// <c>userType</c> Guest against any guest or external user type listed: the scan does not tell a B2B collaboration
    /// guest from an internal guest.
    /// </summary>
    public bool Covers(ConditionalAccessPolicy policy, Guid principal, bool guest = false)
    {
        var groups = groupsOf[principal].Select(g => g.ToString()).ToList();
        var roles = assignmentsOf[principal].Concat(groupsOf[principal].SelectMany(g => assignmentsOf[g]))
            .Where(a => a.DirectoryScopeId == TenantScope && inventory.Role(a.RoleDefinitionId) is not { IsBuiltIn: false })
            .Select(a => inventory.Role(a.RoleDefinitionId)?.TemplateId ?? a.RoleDefinitionId)
            .ToList();
        bool Listed(string[] ids, IEnumerable<string> ours) => ours.Any(id => PolicySettings.Has(ids, id));
        var user = principal.ToString();
        var users = policy.Users;
        var included = policy.TargetsAllUsers || PolicySettings.Has(users.IncludeUsers, user) || Listed(users.IncludeGroups, groups) || Listed(users.IncludeRoles, roles)
                       || (guest && (PolicySettings.Has(users.IncludeUsers, "GuestsOrExternalUsers") || users.IncludeGuestsOrExternalUsers.Length > 0));
        var excluded = PolicySettings.Has(users.ExcludeUsers, user) || Listed(users.ExcludeGroups, groups) || Listed(users.ExcludeRoles, roles)
                       || (guest && (PolicySettings.Has(users.ExcludeUsers, "GuestsOrExternalUsers") || users.ExcludeGuestsOrExternalUsers.Length > 0));
        return included && !excluded;
    }
}

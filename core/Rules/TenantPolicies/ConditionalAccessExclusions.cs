using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Whom a Conditional Access policy leaves out beyond what Microsoft's own templates exclude: the emergency-access
/// accounts named in the tenant's settings, and the Directory Synchronization Accounts role of Entra Connect
/// (https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-mfa-strength, checked 2026-12-07:
/// "choose your organization's emergency access or break-glass accounts … select Directory roles, then select
/// Directory Synchronization Accounts"). Everyone else a policy excludes is outside it, and the rules say who.
/// A group counts as an emergency-access group only when the scan knows its members (role-assignable groups) and
/// they are all emergency-access accounts; of any other group the scan knows the id, not the members.
/// </summary>
internal sealed record ConditionalAccessExclusions(
    IReadOnlyList<string> Users,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> GuestOrExternalUserTypes)
{
    /// <summary>Directory Synchronization Accounts: held by the Entra Connect sync account, which cannot do MFA.</summary>
    public const string DirectorySynchronizationAccountsRoleId = "d29b2b05-8046-44ba-8758-1e26182fcf32";

    /// <summary>How many names an explanation lists before it says "and n more".</summary>
    private const int NamesShown = 10;

    public bool Any => Users.Count + Groups.Count + Roles.Count + GuestOrExternalUserTypes.Count > 0;

    /// <summary>"excludes 3 user(s) (a, b, c); 1 group(s) (…)": how an explanation says whom a policy leaves out.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Users.Count > 0)
        {
            parts.Add($"{Users.Count} user(s) ({Names(Users)})");
        }

        if (Groups.Count > 0)
        {
            parts.Add($"{Groups.Count} group(s) ({Names(Groups)})");
        }

        if (Roles.Count > 0)
        {
            parts.Add($"the holders of {Names(Roles)}");
        }

        if (GuestOrExternalUserTypes.Count > 0)
        {
            parts.Add($"guest or external users ({Names(GuestOrExternalUserTypes)})");
        }

        return "excludes " + string.Join("; ", parts);
    }

    public static ConditionalAccessExclusions BeyondBreakGlass(ConditionalAccessPolicy policy, TenantInventory inventory, IReadOnlyCollection<Guid> breakGlass)
    {
        var users = policy.ExcludeUsers
            .Where(id => !id.Equals("GuestsOrExternalUsers", StringComparison.OrdinalIgnoreCase))
            .Where(id => !(Guid.TryParse(id, out var user) && breakGlass.Contains(user)))
            .Select(id => Guid.TryParse(id, out var user) && inventory.User(user) is { } record ? record.UserPrincipalName ?? record.DisplayName : id)
            .Order(StringComparer.Ordinal)
            .ToList();
        var membersByGroup = inventory.GroupMembers.ToLookup(m => m.GroupId);
        var groups = policy.ExcludeGroups
            .Where(id => !(Guid.TryParse(id, out var group) && membersByGroup[group].ToList() is { Count: > 0 } members && members.All(m => breakGlass.Contains(m.MemberId))))
            .Select(id => Guid.TryParse(id, out var group) && membersByGroup[group].FirstOrDefault()?.GroupDisplayName is { } name ? name : id)
            .Order(StringComparer.Ordinal)
            .ToList();
        var roles = policy.ExcludeRoles
            .Where(id => !id.Equals(DirectorySynchronizationAccountsRoleId, StringComparison.OrdinalIgnoreCase))
            .Select(id => inventory.Role(id)?.DisplayName ?? id)
            .Order(StringComparer.Ordinal)
            .ToList();

        // The older form of a guest exclusion is the keyword GuestsOrExternalUsers among the excluded users.
        var guests = policy.Users.ExcludeGuestsOrExternalUsers.Length > 0
            ? policy.Users.ExcludeGuestsOrExternalUsers.ToList()
            : PolicySettings.Has(policy.ExcludeUsers, "GuestsOrExternalUsers") ? ["all guest and external users"] : [];
        return new ConditionalAccessExclusions(users, groups, roles, guests);
    }

    private static string Names(IReadOnlyList<string> names)
        => names.Count <= NamesShown ? string.Join(", ", names) : $"{string.Join(", ", names.Take(NamesShown))} and {names.Count - NamesShown} more";
}

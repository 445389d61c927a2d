using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A principal with the privileged directory roles it holds actively, by display name, and the groups
/// (by name, or id where Graph gave none) through which it holds any of them.
/// </summary>
internal sealed record PrivilegedHolder(Guid PrincipalId, string? PrincipalType, IReadOnlyList<RoleDefinitionRecord> Roles, IReadOnlyList<string> ViaGroups)
{
    public IReadOnlyList<string> RoleNames { get; } = Roles.Select(r => r.DisplayName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Who holds privileged directory roles (Graph's <c>isPrivileged</c> on the role definition), from
/// <see cref="TenantInventory.PrivilegedAssignments"/>: active assignments only, held directly or as a
/// member of a role-assignable group.
/// </summary>
internal static class PrivilegedRoles
{
    /// <summary>Privileged Role Administrator: assigns any role, so it is Global Administrator one step away.</summary>
    public const string PrivilegedRoleAdministratorRoleId = "e8611ab8-c189-46e8-94e1-60213ab1f814";

    /// <summary>Privileged Authentication Administrator: resets any admin's methods and password, Global Administrators included.</summary>
    public const string PrivilegedAuthenticationAdministratorRoleId = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";

    private static readonly string[] ControlPlaneRoleIds =
        [GraphPermissionTiers.GlobalAdministratorRoleId, PrivilegedRoleAdministratorRoleId, PrivilegedAuthenticationAdministratorRoleId];

    public static IEnumerable<PrivilegedHolder> Holders(TenantInventory inventory)
        => inventory.PrivilegedAssignments
            .OrderBy(g => g.Key)
            .Select(g => new PrivilegedHolder(
                g.Key,
                g.First().PrincipalType,
                g.Select(x => x.Role).DistinctBy(r => r.RoleDefinitionId).ToList(),
                ViaGroups(g)));

    /// <summary>The groups, by name (or id), through which the principal holds a privileged role; sorted, each once.</summary>
    public static IReadOnlyList<string> ViaGroups(IEnumerable<PrivilegedAssignment> assignments)
        => assignments
            .Where(a => a.ViaGroupId is not null)
            .Select(a => a.ViaGroupName ?? a.ViaGroupId!.Value.ToString())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Users (found in the users collection) holding privileged roles.</summary>
    public static IEnumerable<(UserRecord User, PrivilegedHolder Holder)> Users(TenantInventory inventory)
        => Holders(inventory)
            .Where(h => h.PrincipalType is null || string.Equals(h.PrincipalType, "user", StringComparison.OrdinalIgnoreCase))
            .Select(h => (User: inventory.User(h.PrincipalId), Holder: h))
            .Where(x => x.User is not null)
            .Select(x => (x.User!, x.Holder));

    public static bool IsGlobalAdministrator(RoleDefinitionRecord role) => Is(role, GraphPermissionTiers.GlobalAdministratorRoleId);

    /// <summary>Whether the role is the one with this template id (a custom role's id differs from its template's).</summary>
    public static bool Is(RoleDefinitionRecord role, string templateId)
        => string.Equals(role.RoleDefinitionId, templateId, StringComparison.OrdinalIgnoreCase)
           || string.Equals(role.TemplateId, templateId, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The signal every privileged-holder finding shares: Global Administrator, Privileged Role
    /// Administrator and Privileged Authentication Administrator each reach every other account and
    /// setting, so the same weakness on such a holder is worth more.
    /// </summary>
    public static IEnumerable<ScoreSignal> ControlPlaneSignal(PrivilegedHolder holder)
    {
        var controlPlane = holder.Roles.Where(r => ControlPlaneRoleIds.Any(id => Is(r, id))).Select(r => r.DisplayName).Order(StringComparer.Ordinal).ToList();
        if (controlPlane.Count > 0)
        {
            yield return new ScoreSignal("control-plane-role", 1.5m, $"holds {string.Join(", ", controlPlane)}, which can take over any account or setting of the tenant");
        }
    }

    /// <summary>A disabled account cannot sign in until someone enables it again: the same finding weighs half.</summary>
    public static IEnumerable<ScoreSignal> DisabledSignal(UserRecord user)
    {
        if (!user.AccountEnabled)
        {
            yield return new ScoreSignal("account-disabled", 0.5m, "the account is disabled and cannot sign in until it is enabled again");
        }
    }

    public static bool IsBreakGlass(UserRecord user, ScanFacts scan) => scan.Settings.BreakGlassAccounts.Contains(user.ObjectId);
}

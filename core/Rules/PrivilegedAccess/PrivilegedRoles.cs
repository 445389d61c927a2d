using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A principal with the privileged directory roles it holds actively, by display name, and the groups
/// (by name, or id where Graph gave none) through which it holds any of them; for the rules that count eligible
/// holders too, the privileged roles it can activate through PIM and does not hold actively (<see cref="EligibleRoles"/>).
/// </summary>
internal sealed record PrivilegedHolder(Guid PrincipalId, string? PrincipalType, IReadOnlyList<RoleDefinitionRecord> Roles, IReadOnlyList<string> ViaGroups)
{
    /// <summary>Privileged roles eligible through Privileged Identity Management and not active now; empty unless asked for.</summary>
    public IReadOnlyList<RoleDefinitionRecord> EligibleRoles { get; init; } = [];

    /// <summary>The active roles, by name.</summary>
    public IReadOnlyList<string> RoleNames => Names(Roles);

    /// <summary>The eligible-only roles, by name.</summary>
    public IReadOnlyList<string> EligibleRoleNames => Names(EligibleRoles);

    /// <summary>Every privileged role the principal holds or can activate, by name.</summary>
    public IReadOnlyList<string> AllRoleNames => Names([.. Roles, .. EligibleRoles]);

    /// <summary>No active privileged role: every one must be activated through PIM first.</summary>
    public bool EligibleOnly => Roles.Count == 0 && EligibleRoles.Count > 0;

    private static List<string> Names(IEnumerable<RoleDefinitionRecord> roles)
        => roles.Select(r => r.DisplayName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// A privileged role a principal can activate through Privileged Identity Management (an eligible schedule), held
/// itself or as a member of the group <see cref="ViaGroupId"/> that the schedule names.
/// </summary>
internal sealed record EligibleAssignment(Guid PrincipalId, RoleDefinitionRecord Role, Guid? ViaGroupId, string? ViaGroupName);

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

    /// <summary>
    /// Users holding privileged roles actively or as eligible through PIM: "make the assignment eligible" must not make
    /// a guest, synchronised or unregistered administrator disappear, since the same person can activate the role at
    /// any time. CISA ScubaGear counts the same way for MS.AAD.7.1 and 7.3 (Get-PrivilegedUser in
    /// PowerShell/ScubaGear/Modules/Providers/ExportAADProvider.psm1, cisagov/ScubaGear, read 2026-12-07: active
    /// members, roleEligibilityScheduleInstances, and PIM-for-Groups eligible members). Eligible roles the user also
    /// holds actively are listed once, as active.
    /// </summary>
    /// <remarks>
    /// Not covered: members of a group that is itself eligible, unless the group also holds a privileged role actively
    /// (only those groups' members are read), and PIM for Groups (eligible membership of a role-assignable group),
    /// which Graph gives only with the PrivilegedEligibilitySchedule.Read.AzureADGroup scope IdentityOps does not ask for.
    /// </remarks>
    public static IEnumerable<(UserRecord User, PrivilegedHolder Holder)> UsersIncludingEligible(TenantInventory inventory)
    {
        var active = Users(inventory).ToDictionary(x => x.User.ObjectId);
        var eligible = EligibleAssignments(inventory).Where(e => inventory.User(e.PrincipalId) is not null).ToLookup(e => e.PrincipalId);
        foreach (var id in active.Keys.Union(eligible.Select(g => g.Key)).Order())
        {
            var (user, held) = active.TryGetValue(id, out var x) ? x : (inventory.User(id)!, new PrivilegedHolder(id, "user", [], []));
            var activeIds = held.Roles.Select(r => r.RoleDefinitionId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var extra = eligible[id].Where(e => !activeIds.Contains(e.Role.RoleDefinitionId)).ToList();
            var viaGroups = held.ViaGroups.Concat(extra.Where(e => e.ViaGroupId is not null).Select(e => e.ViaGroupName ?? e.ViaGroupId!.Value.ToString()))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            yield return (user, held with
            {
                ViaGroups = viaGroups,
                EligibleRoles = extra.Select(e => e.Role).DistinctBy(r => r.RoleDefinitionId).ToList(),
            });
        }
    }

    /// <summary>
    /// Eligible schedules (<c>roleEligibilitySchedules</c>) of privileged roles: the schedule's principal, or each
    /// member of it when it is a group whose members the scan read.
    /// </summary>
    public static IEnumerable<EligibleAssignment> EligibleAssignments(TenantInventory inventory)
    {
        var membersByGroup = inventory.GroupMembers.ToLookup(m => m.GroupId);
        foreach (var schedule in inventory.RoleSchedules.Where(s => s.ScheduleKind == RoleScheduleRecord.Eligible))
        {
            if (inventory.Role(schedule.RoleDefinitionId) is not { IsPrivileged: true } role)
            {
                continue;
            }

            var members = membersByGroup[schedule.PrincipalId].ToList();
            if (members.Count == 0)
            {
                yield return new EligibleAssignment(schedule.PrincipalId, role, null, null);
            }

            foreach (var member in members)
            {
                yield return new EligibleAssignment(member.MemberId, role, schedule.PrincipalId, member.GroupDisplayName);
            }
        }
    }

    /// <summary>
    /// Why eligible holders are unknown, or null when they are known: PIM's schedules were read, or Graph refused them
    /// because the tenant has no Microsoft Entra ID P2, hence no PIM and nobody eligible. Any other refusal (a missing
    /// role or consent) leaves the rules that count eligible holders not evaluated rather than passing on half the list.
    /// </summary>
    public static string? EligibilityUnknown(TenantInventory inventory)
        => inventory.UnavailableReason("roleSchedules") is { } reason && !reason.StartsWith(UnavailableReasons.NoEntraIdP2, StringComparison.Ordinal)
            ? $"not evaluated: roleSchedules unavailable ({reason}), so who can activate a privileged role through Privileged Identity Management is unknown"
            : null;

    /// <summary>
    /// The signal of a holder whose privileged roles are all eligible, none active: PIM asks for activation first (with
    /// the MFA, justification or approval its settings require) and it lasts hours, so the exposure is smaller, not gone.
    /// </summary>
    public static IEnumerable<ScoreSignal> EligibleSignal(PrivilegedHolder holder)
    {
        if (holder.EligibleOnly)
        {
            yield return new ScoreSignal("eligible", 0.75m, $"{string.Join(", ", holder.EligibleRoleNames)} eligible through Privileged Identity Management, not active: the account must activate the role first, and can at any time");
        }
    }

    /// <summary>The evidence every privileged-user finding opens with: who the user is and which roles it holds, can activate, or holds through groups.</summary>
    public static Evidence HolderEvidence(UserRecord user, PrivilegedHolder holder) => new()
    {
        { "displayName", user.DisplayName },
        { "userPrincipalName", user.UserPrincipalName ?? "" },
        { "roles", holder.AllRoleNames },
        { "eligibleRoles", holder.EligibleRoleNames },
        { "viaGroups", holder.ViaGroups },
    };

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
        var controlPlane = holder.Roles.Concat(holder.EligibleRoles).Where(r => ControlPlaneRoleIds.Any(id => Is(r, id))).Select(r => r.DisplayName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
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

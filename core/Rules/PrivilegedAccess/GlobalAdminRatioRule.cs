using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// More users hold Global Administrator than hold only finer-grained highly privileged roles: the tenant's
/// administrators are given the master key where a narrower role would do. CISA's MS.AAD.7.2v1 ("privileged users
/// SHALL be provisioned with finer-grained roles instead of Global Administrator") passes when the Global
/// Administrators are no more than the privileged users without the role, among CISA's eight highly privileged roles.
/// </summary>
/// <remarks>
/// Peer sources (read 2026-12-07): cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Rego/AADConfig.rego (MS.AAD.7.2v1:
/// <c>Count(GlobalAdmins) &lt;= Count(NotGlobalAdmins)</c> over <c>privileged_users</c>, distinct users, and 7.1's 2–8 count
/// must pass too); maester365/maester@6bf1d98 powershell/public/cisa/entra/Test-MtCisaGlobalAdminRatio.ps1 (the same
/// eight role ids from Get-MtRole -CisaHighlyPrivilegedRoles; Get-MtRoleMember's user members, active and, with P2,
/// eligible, groups expanded; fails when the Global Administrator count divided by the other roles' member count
/// exceeds 1, or when no other role has a member). Users are counted once each here, as ScubaGear does; Maester counts
/// role memberships, so a user holding two finer-grained roles, or Global Administrator and one of them, counts in its
/// denominator. Break-glass accounts named in the tenant's settings are left out of the Global Administrator count:
/// emergency access needs the role, and the ratio is about everyday administrators. Holders are counted through
/// active assignments (their own or a group's whose members the scan read) and PIM eligible schedules.
/// </remarks>
public sealed class GlobalAdminRatioRule : PostureRule
{
    /// <summary>
    /// CISA's highly privileged roles (ScubaGear baselines/aad.md "Highly Privileged Roles", as Maester's Get-MtRole lists
    /// them): Global, User, Exchange, SharePoint, Application, Privileged Role, Cloud Application and Hybrid Identity Administrator.
    /// </summary>
    internal static readonly string[] HighlyPrivilegedRoleIds =
    [
        GraphPermissionTiers.GlobalAdministratorRoleId, "fe930be7-5e62-47db-91af-98c3a49a38b1", "29232cdf-9323-42fd-ade2-1d097af3e4de",
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", PrivilegedRoles.PrivilegedRoleAdministratorRoleId,
        "158c047a-c907-4556-b7ef-446551a6b5f7", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
    ];

    public override RuleDefinition Definition { get; } = new(
        "role-global-admin-ratio",
        "More Global Administrators than users in finer-grained privileged roles",
        RuleCategory.PrivilegedAccess,
        Severity.Medium,
        ObjectTypes.Tenant,
        [.. RuleInputs.Collection("directoryRoles", "templateId"), .. RuleInputs.Collection("users")],
        ["globalAdministratorCount", "finerGrainedCount", "globalAdministrators", "finerGrainedUsers", "breakGlassExcluded", "groupsNotExpanded"],
        [
            FrameworkReference.Scuba("MS.AAD.7.2v1").Partially("judges the ratio alone, where ScubaGear also fails 7.2 whenever 7.1's count of 2 to 8 fails (role-global-admin-count reports the count); leaves the break-glass accounts of the settings out of the Global Administrator count"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.7.2").Partially("counts each user once, where Maester counts role memberships (a user in two finer-grained roles, or a Global Administrator in one, counts in its denominator); leaves the break-glass accounts of the settings out of the Global Administrator count"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PrivilegedRoles.EligibilityUnknown(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var holders = Holders(inventory);
        var breakGlass = scan.Settings.BreakGlassAccounts.ToHashSet();
        var globalAdmins = holders.Users.Where(h => h.Value.Contains(GraphPermissionTiers.GlobalAdministratorRoleId)).Select(h => h.Key).ToList();
        var counted = globalAdmins.Where(id => !breakGlass.Contains(id)).ToList();
        var finerGrained = holders.Users.Where(h => !h.Value.Contains(GraphPermissionTiers.GlobalAdministratorRoleId)).Select(h => h.Key).ToList();
        if (counted.Count == 0 || counted.Count <= finerGrained.Count)
        {
            yield break;
        }

        string Name(Guid id) => inventory.User(id) is { } user ? user.UserPrincipalName ?? user.DisplayName : id.ToString();
        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "globalAdministratorCount", counted.Count },
            { "finerGrainedCount", finerGrained.Count },
            { "globalAdministrators", counted.Select(Name).Order(StringComparer.Ordinal).ToList() },
            { "finerGrainedUsers", finerGrained.Select(Name).Order(StringComparer.Ordinal).ToList() },
            { "breakGlassExcluded", globalAdmins.Where(breakGlass.Contains).Select(Name).Order(StringComparer.Ordinal).ToList() },
            { "groupsNotExpanded", holders.GroupsNotExpanded.Order(StringComparer.Ordinal).ToList() },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    /// <summary>
    /// Each user holding one of the highly privileged roles (by template id), actively or as eligible, directly or
    /// through a group whose members the scan read; and the groups holding one whose members it did not read (only the
    /// members of groups holding a role Microsoft labels privileged are read: Exchange and SharePoint Administrator are not).
    /// </summary>
    private static (Dictionary<Guid, HashSet<string>> Users, List<string> GroupsNotExpanded) Holders(TenantInventory inventory)
    {
        var templateOf = inventory.RoleDefinitions
            .Select(r => (r.RoleDefinitionId, Template: HighlyPrivilegedRoleIds.FirstOrDefault(id => PrivilegedRoles.Is(r, id))))
            .Where(x => x.Template is not null)
            .ToDictionary(x => x.RoleDefinitionId, x => x.Template!, StringComparer.OrdinalIgnoreCase);
        string? Template(string roleDefinitionId)
            => templateOf.GetValueOrDefault(roleDefinitionId) ?? HighlyPrivilegedRoleIds.FirstOrDefault(id => string.Equals(id, roleDefinitionId, StringComparison.OrdinalIgnoreCase));

        var membersByGroup = inventory.GroupMembers.ToLookup(m => m.GroupId);
        var users = new Dictionary<Guid, HashSet<string>>();
        var notExpanded = new HashSet<string>(StringComparer.Ordinal);
        void Add(Guid principal, string template)
        {
            if (inventory.User(principal) is not null)
            {
                (users.TryGetValue(principal, out var roles) ? roles : users[principal] = new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(template);
                return;
            }

            var members = membersByGroup[principal].Where(m => inventory.User(m.MemberId) is not null).ToList();
            if (members.Count == 0 && inventory.ServicePrincipal(principal) is null)
            {
                notExpanded.Add(principal.ToString());
            }

            foreach (var member in members)
            {
                Add(member.MemberId, template);
            }
        }

        foreach (var assignment in inventory.RoleAssignments.Where(a => !a.IsEligible))
        {
            if (Template(assignment.RoleDefinitionId) is { } template)
            {
                Add(assignment.PrincipalId, template);
            }
        }

        foreach (var schedule in inventory.RoleSchedules.Where(s => s.ScheduleKind == RoleScheduleRecord.Eligible))
        {
            if (Template(schedule.RoleDefinitionId) is { } template)
            {
                Add(schedule.PrincipalId, template);
            }
        }

        return (users, [.. notExpanded]);
    }
}

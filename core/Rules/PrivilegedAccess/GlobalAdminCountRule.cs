using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// Too many Global Administrators (every one is a way to own the tenant) or too few (one lost account
/// locks the tenant out). Counts the users who hold the role actively, directly or as members of a
/// role-assignable group that holds it (<see cref="TenantInventory.PrivilegedAssignments"/>), and the users
/// eligible for it through Privileged Identity Management: they can activate it whenever they like, so making
/// assignments eligible (our own advice) must not make an over-full count pass. That is how CISA ScubaGear counts for
/// MS.AAD.7.1 (active members, roleEligibilityScheduleInstances, PIM-for-Groups eligible members:
/// Get-PrivilegedUser in cisagov/ScubaGear PowerShell/ScubaGear/Modules/Providers/ExportAADProvider.psm1, and
/// GlobalAdmins in Rego/AADConfig.rego, read 2026-12-07). Service principals and the groups that hold the role are
/// shown beside the count. Maester's CIS 1.1.3 and CISA 7.1 tests count the same way (Get-MtRoleMember in
/// maester365/maester@6bf1d98 powershell/public/Get-MtRoleMember.ps1, read 2026-12-07: active and, with P2, eligible
/// members, groups expanded, each user once). Eligible principals that are not users the scan read (groups eligible for the role) are
/// named but their members not counted, nor are PIM-for-Groups eligible members (not collected: they need a scope
/// IdentityOps does not ask for).
/// </summary>
public sealed class GlobalAdminCountRule : PostureRule
{
    /// <summary>CISA MS.AAD.7.1v1's hard ceiling, whatever the tenant's own maximum.</summary>
    private const int CisaMaximum = 8;

    public override RuleDefinition Definition { get; } = new(
        "role-global-admin-count",
        "Global Administrator count outside the recommended range",
        RuleCategory.PrivilegedAccess,
        Severity.Medium,
        ObjectTypes.RoleDefinition,
        [.. RuleInputs.Collection("directoryRoles", "templateId"), .. RuleInputs.Collection("users")],
        ["displayName", "roleDefinitionId", "userCount", "eligibleUserCount", "minimum", "maximum", "userPrincipalNames", "eligibleUserPrincipalNames", "servicePrincipals", "groupIds", "eligibleOtherPrincipalIds"],
        [
            FrameworkReference.Cis("1.1.3").Partially("the range is the tenant's setting (2 to 4 by default, as CIS); members of a group that is only eligible for the role are not counted, where Maester's Get-MtRoleMember expands every group it finds"),
            FrameworkReference.Scuba("MS.AAD.7.1v1").Partially("fails above the tenant's maximum (4 by default), where ScubaGear allows up to 8"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.7.1").Partially("fails above the tenant's maximum (4 by default) where Maester allows up to 8; members of a group that is only eligible for the role are not counted, where Maester's Get-MtRoleMember expands every group it finds"),
            FrameworkReference.Attack("T1098.003"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PrivilegedRoles.EligibilityUnknown(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var roleId = GraphPermissionTiers.GlobalAdministratorRoleId;
        var role = inventory.RoleDefinitions.FirstOrDefault(PrivilegedRoles.IsGlobalAdministrator);
        var assignments = inventory.RoleAssignments
            .Where(a => !a.IsEligible && (string.Equals(a.RoleDefinitionId, roleId, StringComparison.OrdinalIgnoreCase) || (role is not null && a.RoleDefinitionId == role.RoleDefinitionId)))
            .DistinctBy(a => a.PrincipalId)
            .ToList();
        bool OfType(Core.Inventory.RoleAssignmentRecord a, string type) => string.Equals(a.PrincipalType, type, StringComparison.OrdinalIgnoreCase);
        string Name(Guid id) => inventory.User(id) is { } user ? user.UserPrincipalName ?? user.DisplayName : id.ToString();

        var active = inventory.PrivilegedAssignments
            .SelectMany(holder => holder)
            .Where(x => PrivilegedRoles.IsGlobalAdministrator(x.Role)
                        && (string.Equals(x.PrincipalType, "user", StringComparison.OrdinalIgnoreCase) || (x.PrincipalType is null && inventory.User(x.PrincipalId) is not null)))
            .Select(x => x.PrincipalId)
            .ToHashSet();
        var eligible = PrivilegedRoles.EligibleAssignments(inventory).Where(e => PrivilegedRoles.IsGlobalAdministrator(e.Role)).Select(e => e.PrincipalId).ToHashSet();
        var eligibleUsers = eligible.Where(id => inventory.User(id) is not null && !active.Contains(id)).ToList();
        var users = active.Concat(eligibleUsers).Select(Name).Order(StringComparer.Ordinal).ToList();
        var (minimum, maximum) = (scan.Settings.MinimumGlobalAdministrators, scan.Settings.MaximumGlobalAdministrators);
        if (users.Count >= minimum && users.Count <= maximum)
        {
            yield break;
        }

        var servicePrincipals = assignments.Where(a => OfType(a, "servicePrincipal"))
            .Select(a => inventory.ServicePrincipal(a.PrincipalId)?.DisplayName ?? a.PrincipalId.ToString())
            .Order(StringComparer.Ordinal);
        var groups = assignments.Where(a => OfType(a, "group")).Select(a => a.PrincipalId.ToString()).Order(StringComparer.Ordinal);

        // Eligible principals that are neither users the scan read nor members of a group it read: most often a group
        // eligible for the role, whose members are not collected. Named, so the count is not read as complete.
        var others = eligible.Where(id => inventory.User(id) is null && inventory.ServicePrincipal(id) is null).Select(id => id.ToString()).Order(StringComparer.Ordinal);
        var displayName = role?.DisplayName ?? "Global Administrator";
        var signals = users.Count > CisaMaximum
            ? [new ScoreSignal("above-cisa-maximum", 1.5m, $"{users.Count} users hold or can activate the role, more than the eight CISA allows at most")]
            : Array.Empty<ScoreSignal>();
        yield return new RuleHit(role?.RoleDefinitionId ?? roleId, displayName, new Evidence
        {
            { "displayName", displayName },
            { "roleDefinitionId", role?.RoleDefinitionId ?? roleId },
            { "userCount", users.Count },
            { "eligibleUserCount", eligibleUsers.Count },
            { "minimum", minimum },
            { "maximum", maximum },
            { "userPrincipalNames", users },
            { "eligibleUserPrincipalNames", eligibleUsers.Select(Name).Order(StringComparer.Ordinal).ToList() },
            { "servicePrincipals", servicePrincipals },
            { "groupIds", groups },
            { "eligibleOtherPrincipalIds", others },
        }, signals);
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

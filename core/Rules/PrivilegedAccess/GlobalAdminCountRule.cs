using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// Too many Global Administrators (every one is a way to own the tenant) or too few (one lost account
/// locks the tenant out). Counts the users who hold the role actively, directly or as members of a
/// role-assignable group that holds it (<see cref="TenantInventory.PrivilegedAssignments"/>); service
/// principals and the groups that hold the role are shown beside the count.
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
        ["displayName", "roleDefinitionId", "userCount", "minimum", "maximum", "userPrincipalNames", "servicePrincipals", "groupIds"],
        [FrameworkReference.Cis("1.1.3"), FrameworkReference.Scuba("MS.AAD.7.1v1"), FrameworkReference.Attack("T1098.003")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var roleId = GraphPermissionTiers.GlobalAdministratorRoleId;
        var role = inventory.RoleDefinitions.FirstOrDefault(PrivilegedRoles.IsGlobalAdministrator);
        var assignments = inventory.RoleAssignments
            .Where(a => !a.IsEligible && (string.Equals(a.RoleDefinitionId, roleId, StringComparison.OrdinalIgnoreCase) || (role is not null && a.RoleDefinitionId == role.RoleDefinitionId)))
            .DistinctBy(a => a.PrincipalId)
            .ToList();
        bool OfType(Core.Inventory.RoleAssignmentRecord a, string type) => string.Equals(a.PrincipalType, type, StringComparison.OrdinalIgnoreCase);

        var users = inventory.PrivilegedAssignments
            .SelectMany(holder => holder)
            .Where(x => PrivilegedRoles.IsGlobalAdministrator(x.Role)
                        && (string.Equals(x.PrincipalType, "user", StringComparison.OrdinalIgnoreCase) || (x.PrincipalType is null && inventory.User(x.PrincipalId) is not null)))
            .Select(x => x.PrincipalId)
            .Distinct()
            .Select(id => inventory.User(id) is { } user ? user.UserPrincipalName ?? user.DisplayName : id.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
        var (minimum, maximum) = (scan.Settings.MinimumGlobalAdministrators, scan.Settings.MaximumGlobalAdministrators);
        if (users.Count >= minimum && users.Count <= maximum)
        {
            yield break;
        }

        var servicePrincipals = assignments.Where(a => OfType(a, "servicePrincipal"))
            .Select(a => inventory.ServicePrincipal(a.PrincipalId)?.DisplayName ?? a.PrincipalId.ToString())
            .Order(StringComparer.Ordinal);
        var groups = assignments.Where(a => OfType(a, "group")).Select(a => a.PrincipalId.ToString()).Order(StringComparer.Ordinal);
        var displayName = role?.DisplayName ?? "Global Administrator";
        var signals = users.Count > CisaMaximum
            ? [new ScoreSignal("above-cisa-maximum", 1.5m, $"{users.Count} users hold the role, more than the eight CISA allows at most")]
            : Array.Empty<ScoreSignal>();
        yield return new RuleHit(role?.RoleDefinitionId ?? roleId, displayName, new Evidence
        {
            { "displayName", displayName },
            { "roleDefinitionId", role?.RoleDefinitionId ?? roleId },
            { "userCount", users.Count },
            { "minimum", minimum },
            { "maximum", maximum },
            { "userPrincipalNames", users },
            { "servicePrincipals", servicePrincipals },
            { "groupIds", groups },
        }, signals);
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

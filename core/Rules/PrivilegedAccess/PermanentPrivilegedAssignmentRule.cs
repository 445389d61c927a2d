using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A user holds a privileged directory role through a permanent active assignment — assigned directly
/// (<c>assignmentType</c> <c>Assigned</c>, not <c>Activated</c> from an eligibility) with no end date —
/// in a tenant where Privileged Identity Management is available. The role is standing access: a
/// phished session or token can use it at any hour, with no activation, justification, approval or expiry.
/// </summary>
/// <remarks>
/// Read from PIM's active assignment instances (collection <c>roleSchedules</c>, which Graph gives only
/// with Microsoft Entra ID P2; without it the rule is not evaluated). A role held through a role-assignable
/// group counts when the group's assignment is permanent, and the evidence names the group. Accounts
/// listed as break-glass are skipped: their standing Global Administrator is the point of them. Service
/// principals are not judged here: PIM cannot make their roles eligible (role-service-principal-privileged
/// covers them). An active assignment with no matching instance is not judged either.
/// </remarks>
public sealed class PermanentPrivilegedAssignmentRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-privileged-permanent",
        "Privileged role assigned permanently instead of through PIM",
        RuleCategory.PrivilegedAccess,
        Severity.Medium,
        ObjectTypes.User,
        [.. RuleInputs.Collection("directoryRoles", "isPrivileged"), "users", "roleSchedules"],
        ["displayName", "userPrincipalName", "roles", "viaGroups", "assignedSince", "eligibleAssignmentsInTenant"],
        [
            FrameworkReference.Scuba("MS.AAD.7.4v1").Partially("skips service principals and break-glass accounts, and judges IdentityOps' privileged roles; ScubaGear's exemptions and highly privileged roles are its configuration's"),
            FrameworkReference.Cis("5.3.1").Partially("reports each standing assignment; CIS asks that PIM be used to manage the roles"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var permanent = inventory.RoleSchedules
            .Where(IsPermanent)
            .ToLookup(s => (s.PrincipalId, Role: s.RoleDefinitionId.ToLowerInvariant(), s.DirectoryScopeId));
        var eligible = inventory.RoleSchedules.Count(s => s.ScheduleKind == RoleScheduleRecord.Eligible && inventory.Role(s.RoleDefinitionId) is { IsPrivileged: true });

        foreach (var (user, _) in Candidates(inventory, scan))
        {
            var standing = inventory.PrivilegedAssignmentsOf(user.ObjectId)
                .Select(a => (Assignment: a, Instances: permanent[(a.Assignment.PrincipalId, a.Assignment.RoleDefinitionId.ToLowerInvariant(), a.Assignment.DirectoryScopeId)].ToList()))
                .Where(x => x.Instances.Count > 0)
                .ToList();
            if (standing.Count == 0)
            {
                continue;
            }

            var holder = new PrivilegedHolder(
                user.ObjectId,
                "user",
                standing.Select(x => x.Assignment.Role).DistinctBy(r => r.RoleDefinitionId).ToList(),
                PrivilegedRoles.ViaGroups(standing.Select(x => x.Assignment)));
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, new Evidence
            {
                { "displayName", user.DisplayName },
                { "userPrincipalName", user.UserPrincipalName ?? "" },
                { "roles", holder.RoleNames },
                { "viaGroups", holder.ViaGroups },
                { "assignedSince", standing.SelectMany(x => x.Instances).Min(i => i.StartsAt) },
                { "eligibleAssignmentsInTenant", eligible },
            }, [.. PrivilegedRoles.ControlPlaneSignal(holder), .. PrivilegedRoles.DisabledSignal(user)]);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    /// <summary>An active instance assigned directly (not activated from an eligibility) that never ends.</summary>
    internal static bool IsPermanent(RoleScheduleRecord schedule)
        => schedule.ScheduleKind == RoleScheduleRecord.Active
           && string.Equals(schedule.AssignmentType, "Assigned", StringComparison.OrdinalIgnoreCase)
           && schedule.EndsAt is null;

    private static IEnumerable<(UserRecord User, PrivilegedHolder Holder)> Candidates(TenantInventory inventory, ScanFacts scan)
        => PrivilegedRoles.Users(inventory).Where(x => !PrivilegedRoles.IsBreakGlass(x.User, scan));
}

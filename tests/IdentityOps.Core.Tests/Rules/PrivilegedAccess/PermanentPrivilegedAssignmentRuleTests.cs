using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

/// <summary>role-privileged-permanent: standing privileged roles where PIM would make them just-in-time.</summary>
public sealed class PermanentPrivilegedAssignmentRuleTests
{
    private static readonly RoleDefinitionRecord[] Roles =
    [
        Role(GlobalAdministrator, "Global Administrator"), Role(SecurityAdministrator, "Security Administrator"), Role(DirectoryReaders, "Directory Readers", privileged: false),
    ];

    private static TenantInventory Tenant(UserRecord user, string roleId, params RoleScheduleRecord[] schedules) => new()
    {
        Users = [user],
        RoleDefinitions = Roles,
        RoleAssignments = [RoleAssignment(roleId, user.ObjectId, "user")],
        RoleSchedules = [.. schedules, EligibleSchedule(SecurityAdministrator, Id(77), 9)],
    };

    [Fact]
    public void Global_administrator_assigned_without_end_is_found_as_a_control_plane_finding()
    {
        var admin = User(1, "Ada (Global Admin)");

        var finding = RuleAssert.SingleFinding<PermanentPrivilegedAssignmentRule>(Tenant(admin, GlobalAdministrator, ActiveInstance(GlobalAdministrator, admin.ObjectId, "Assigned", null)));

        Assert.Equal(Severity.Medium, finding.Rule.Severity);
        Assert.Equal(["Global Administrator"], RuleAssert.Strings(finding, "roles"));
        Assert.Equal(1, finding.Evidence["eligibleAssignmentsInTenant"]);
        Assert.Contains("\"Ada (Global Admin)\" (user1@contoso.example) holds Global Administrator through a permanent active assignment: assigned directly rather than activated", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains(finding.Signals, s => s.Name == "control-plane-role");
    }

    [Theory]
    [InlineData("Activated", false)]
    [InlineData("Assigned", true)]
    public void Activated_or_time_bound_assignments_pass(string assignmentType, bool hasEnd)
    {
        var admin = User(1);
        RuleAssert.NoFinding<PermanentPrivilegedAssignmentRule>(
            Tenant(admin, GlobalAdministrator, ActiveInstance(GlobalAdministrator, admin.ObjectId, assignmentType, hasEnd ? AsOf.AddDays(30) : AsOf.AddHours(4))));
    }

    [Fact]
    public void Permanent_roles_that_are_not_privileged_and_break_glass_accounts_pass()
    {
        var reader = User(1);
        RuleAssert.NoFinding<PermanentPrivilegedAssignmentRule>(Tenant(reader, DirectoryReaders, ActiveInstance(DirectoryReaders, reader.ObjectId, "Assigned", null)));

        var breakGlass = User(2, "Break glass 1");
        RuleAssert.NoFinding<PermanentPrivilegedAssignmentRule>(
            Tenant(breakGlass, GlobalAdministrator, ActiveInstance(GlobalAdministrator, breakGlass.ObjectId, "Assigned", null)),
            RuleSettings.Default with { BreakGlassAccounts = [breakGlass.ObjectId] });
    }

    [Fact]
    public void A_group_assigned_permanently_makes_its_members_findings_naming_the_group()
    {
        var member = User(1, "Grace");
        var group = Id(500);
        var inventory = new TenantInventory
        {
            Users = [member],
            RoleDefinitions = Roles,
            RoleAssignments = [RoleAssignment(SecurityAdministrator, group, "group")],
            GroupMembers = [Member(group, member.ObjectId, "Security Operators")],
            RoleSchedules = [ActiveInstance(SecurityAdministrator, group, "Assigned", null)],
        };

        var finding = RuleAssert.SingleFinding<PermanentPrivilegedAssignmentRule>(inventory);

        Assert.Equal(member.ObjectId.ToString(), finding.ObjectId);
        Assert.Equal(["Security Operators"], RuleAssert.Strings(finding, "viaGroups"));
        Assert.Contains("of the role-assignable group(s) Security Operators", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_pim_schedules_the_rule_is_not_evaluated()
    {
        var admin = User(1);
        RuleAssert.NotEvaluatedWithout<PermanentPrivilegedAssignmentRule>(
            Tenant(admin, GlobalAdministrator, ActiveInstance(GlobalAdministrator, admin.ObjectId, "Assigned", null)), "roleSchedules");
    }
}

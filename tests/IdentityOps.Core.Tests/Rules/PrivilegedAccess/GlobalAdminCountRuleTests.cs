using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

public sealed class GlobalAdminCountRuleTests
{
    private static TenantInventory WithGlobalAdmins(int users, params IdentityOps.Core.Inventory.RoleAssignmentRecord[] more)
    {
        var admins = Enumerable.Range(1, users).Select(n => User(n)).ToList();
        return new TenantInventory
        {
            Users = admins,
            RoleDefinitions = [Role(GlobalAdministrator, "Global Administrator")],
            RoleAssignments = [.. admins.Select(u => RoleAssignment(GlobalAdministrator, u.ObjectId, "user")), .. more],
        };
    }

    [Fact]
    public void Seven_global_administrators_are_more_than_the_default_maximum_of_four()
    {
        var finding = RuleAssert.SingleFinding<GlobalAdminCountRule>(WithGlobalAdmins(7, RoleAssignment(GlobalAdministrator, Id(900), "servicePrincipal"), RoleAssignment(GlobalAdministrator, Id(901), "group")));

        Assert.Equal(GlobalAdministrator, finding.ObjectId);
        Assert.Equal(7, finding.Evidence["userCount"]);
        Assert.Equal(4, finding.Evidence["maximum"]);
        Assert.Equal(["user1@contoso.example", "user2@contoso.example", "user3@contoso.example", "user4@contoso.example", "user5@contoso.example", "user6@contoso.example", "user7@contoso.example"], RuleAssert.Strings(finding, "userPrincipalNames"));
        Assert.StartsWith($"7 users hold Global Administrator (role {GlobalAdministrator}) through an active assignment, their own or a group's, or can activate it", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("more than this tenant's maximum of 4", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("1 service principal(s)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains($"1 group(s) ({Id(901)})", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', finding.Explanation);
    }

    [Fact]
    public void Members_of_a_group_holding_the_role_are_counted_so_one_direct_admin_and_one_member_pass()
    {
        var group = Id(901);
        var member = User(50, "Member admin");
        var direct = WithGlobalAdmins(1, RoleAssignment(GlobalAdministrator, group, "group"));
        var inventory = new TenantInventory
        {
            Users = [.. direct.Users, member],
            RoleDefinitions = direct.RoleDefinitions,
            RoleAssignments = direct.RoleAssignments,
            GroupMembers = [Member(group, member.ObjectId, "Tier-0 admins")],
        };

        RuleAssert.NoFinding<GlobalAdminCountRule>(inventory);
        Assert.Single(RuleAssert.Run<GlobalAdminCountRule>(direct).Findings);
    }

    [Fact]
    public void A_single_global_administrator_is_fewer_than_the_minimum()
    {
        var finding = RuleAssert.SingleFinding<GlobalAdminCountRule>(WithGlobalAdmins(1));

        Assert.Contains("fewer than this tenant's minimum of 2", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Designate at least two", finding.Remediation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Two_to_four_global_administrators_pass(int users) => RuleAssert.NoFinding<GlobalAdminCountRule>(WithGlobalAdmins(users));

    [Fact]
    public void The_range_follows_the_tenant_settings()
        => RuleAssert.NoFinding<GlobalAdminCountRule>(WithGlobalAdmins(7), RuleSettings.Default with { MaximumGlobalAdministrators = 8 });

    [Fact]
    public void Global_admin_count_is_not_evaluated_without_directory_roles() => RuleAssert.NotEvaluatedWithout<GlobalAdminCountRule>(WithGlobalAdmins(7));
}

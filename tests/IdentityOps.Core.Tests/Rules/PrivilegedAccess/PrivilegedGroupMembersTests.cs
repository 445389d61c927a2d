using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using IdentityOps.Core.Rules.SignIns;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

/// <summary>Members of a role-assignable group hold the group's privileged roles, for every rule that asks who does.</summary>
public sealed class PrivilegedGroupMembersTests
{
    private static readonly Guid Group = Id(500);

    private static TenantInventory MemberOf(string roleId, UserRecord member, params MfaRegistrationRecord[] registrations) => new()
    {
        Users = [member, User(99)],
        RoleDefinitions = [Role(SecurityAdministrator, "Security Administrator"), Role(DirectoryReaders, "Directory Readers", privileged: false)],
        RoleAssignments = [RoleAssignment(roleId, Group, "group")],
        GroupMembers = [Member(Group, member.ObjectId, "Security Operators")],
        MfaRegistrations = registrations,
    };

    [Fact]
    public void A_member_of_a_privileged_group_is_a_privileged_holder_through_that_group()
    {
        var member = User(1);
        var inventory = MemberOf(SecurityAdministrator, member);

        Assert.Equal(["Security Administrator"], inventory.PrivilegedRolesOf(member.ObjectId));
        var held = Assert.Single(inventory.PrivilegedAssignmentsOf(member.ObjectId));
        Assert.Equal(Group, held.ViaGroupId);
        Assert.Equal(["Security Administrator"], inventory.PrivilegedRolesOf(Group));
    }

    [Fact]
    public void A_member_of_a_group_with_a_role_that_is_not_privileged_holds_nothing()
        => Assert.Empty(MemberOf(DirectoryReaders, User(1)).PrivilegedRolesOf(Id(1)));

    [Fact]
    public void A_privileged_group_member_without_mfa_is_found_with_the_group_in_evidence()
    {
        var member = User(1, "Grace");

        var finding = RuleAssert.SingleFinding<PrivilegedUserNoMfaRule>(MemberOf(SecurityAdministrator, member, Registration(member.ObjectId, false, "email"), Registration(Id(99), true)));

        Assert.Equal(member.ObjectId.ToString(), finding.ObjectId);
        Assert.Equal(["Security Operators"], RuleAssert.Strings(finding, "viaGroups"));
        Assert.Contains("(through membership of the role-assignable group(s) Security Operators)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_privileged_group_member_signing_in_with_one_factor_is_found()
    {
        var member = User(1, "Grace");
        var inventory = MemberOf(SecurityAdministrator, member);
        var withSignIns = new TenantInventory
        {
            Users = inventory.Users, RoleDefinitions = inventory.RoleDefinitions, RoleAssignments = inventory.RoleAssignments, GroupMembers = inventory.GroupMembers,
            SignIns = [new SignInDailySummary { TenantId = Tenant, ScanId = ScanOfRecords, UserId = member.ObjectId, AppId = Id(7), Day = new DateOnly(2026, 11, 20), ClientAppUsed = "Browser", SignIns = 4, MfaSatisfied = 0 }],
        };

        var finding = RuleAssert.SingleFinding<PrivilegedSignInWithoutMfaRule>(withSignIns);

        Assert.Equal(["Security Operators"], RuleAssert.Strings(finding, "viaGroups"));
        Assert.Contains("through membership of the role-assignable group(s) Security Operators", finding.Explanation, StringComparison.Ordinal);
    }
}

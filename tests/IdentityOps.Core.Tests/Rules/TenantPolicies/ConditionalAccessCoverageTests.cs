using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

/// <summary>
/// Issue 19 item 4: whom a Conditional Access policy actually covers. "All users" minus most of them is not all users;
/// an excluded group whose members the scan does not read is never read as covered.
/// </summary>
public sealed class ConditionalAccessCoverageTests
{
    private static readonly RuleSettings BreakGlass = RuleSettings.Default with { BreakGlassAccounts = [Id(1)] };

    /// <summary>Ten enabled users (1 is break-glass, 10 a guest), one disabled (11), group 700 known to hold 5 and 6.</summary>
    private static TenantInventory WithUsers(params TenantPolicyRecord[] policies) => new()
    {
        Policies = [SecurityDefaults(false), .. policies],
        Users = [.. Enumerable.Range(1, 9).Select(n => User(n)), User(10, userType: "Guest"), User(11, enabled: false)],
        RoleDefinitions = [Role(UserAdministrator, "User Administrator")],
        RoleAssignments = [RoleAssignment(UserAdministrator, Id(4))],
        GroupMembers = [Member(700, 5), Member(700, 6)],
    };

    private static ConditionalAccessCoverage CoverageOf(TenantInventory inventory)
    {
        var policy = ConditionalAccessPolicy.All(inventory).Single();
        return ConditionalAccessCoverage.Of(policy, inventory, BreakGlass.BreakGlassAccounts, new PrincipalMembership(inventory));
    }

    [Fact]
    public void Mfa_for_all_users_excluding_most_of_them_does_not_pass_and_says_how_few_it_covers()
    {
        var inventory = WithUsers(ConditionalAccess(1, "MFA for all users", "Enabled", ["Mfa"], excludeUsers: [.. Enumerable.Range(1, 8).Select(n => Id(n).ToString())]));

        var finding = RuleAssert.SingleFinding<NoMfaForAllUsersRule>(inventory, BreakGlass);

        Assert.Equal(
            ["MFA for all users: excludes 7 user(s) (user2@contoso.example, user3@contoso.example, user4@contoso.example, user5@contoso.example, user6@contoso.example, user7@contoso.example, user8@contoso.example); covers 2 of 10 enabled users (20%)"],
            RuleAssert.Strings(finding, "mfaPoliciesWithExclusions"));
    }

    [Fact]
    public void Excluded_users_groups_roles_and_guests_are_counted_and_the_covered_share_follows()
    {
        var coverage = CoverageOf(WithUsers(ConditionalAccess(
            2, "MFA", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString(), Id(2).ToString()], excludeGroups: [Id(700).ToString()],
            conditions: new CaConditions(ExcludeRoles: [UserAdministrator], ExcludeGuestsOrExternalUsers: "B2bCollaborationGuest"))));

        // Excluded: 1 (break-glass), 2 (user), 4 (role), 5 and 6 (group), 10 (guest): 4 of 10 enabled users remain (3, 7, 8, 9).
        Assert.Equal((2, 1, 1, 0), (coverage.ExcludedUsers, coverage.ExcludedGroups, coverage.ExcludedRoles, coverage.GroupsWithUnknownMembers));
        Assert.Equal((10, 4), (coverage.EnabledUsers, coverage.CoveredUsers));
        Assert.False(coverage.LeavesOutOnlyBreakGlass);
        Assert.Equal(
            "MFA: excludes 1 user(s) (user2@contoso.example); 1 group(s) (Group 700); the holders of User Administrator; guest or external users (B2bCollaborationGuest); covers 4 of 10 enabled users (40%)",
            coverage.Describe());
    }

    [Fact]
    public void An_excluded_group_of_unknown_members_is_an_exclusion_and_makes_the_share_an_upper_bound()
    {
        var coverage = CoverageOf(WithUsers(ConditionalAccess(3, "MFA", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString()], excludeGroups: [Id(799).ToString()])));

        Assert.False(coverage.LeavesOutOnlyBreakGlass);
        Assert.Equal(1, coverage.GroupsWithUnknownMembers);
        Assert.EndsWith("covers at most 9 of 10 enabled users (90%), since the members of 1 excluded group(s) are not read and whoever is in them is not covered", coverage.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_break_glass_account_left_out_passes()
    {
        var inventory = WithUsers(ConditionalAccess(4, "MFA", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString()]));

        Assert.True(CoverageOf(inventory).LeavesOutOnlyBreakGlass);
        Assert.Equal((10, 9), (CoverageOf(inventory).EnabledUsers, CoverageOf(inventory).CoveredUsers));
        RuleAssert.NoFinding<NoMfaForAllUsersRule>(inventory, BreakGlass);
    }

    [Fact]
    public void Without_the_users_the_share_is_said_to_be_unknown_not_computed_from_nothing()
    {
        var whole = WithUsers(ConditionalAccess(5, "MFA", "Enabled", ["Mfa"], excludeUsers: [Id(2).ToString()]));
        var inventory = new TenantInventory
        {
            Policies = whole.Policies, GroupMembers = whole.GroupMembers,
            Unavailable = new Dictionary<string, string>(StringComparer.Ordinal) { ["users"] = "403 Forbidden" },
        };

        var coverage = CoverageOf(inventory);

        Assert.Null(coverage.CoveredUsers);
        Assert.EndsWith("the share of users it covers is unknown (the users were not collected)", coverage.Describe(), StringComparison.Ordinal);
    }

    private static GroupMemberRecord Member(int group, int member) => new()
    {
        TenantId = Records.Tenant, ScanId = ScanOfRecords, GroupId = Id(group), MemberId = Id(member), MemberType = "user", GroupDisplayName = $"Group {group}",
    };
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

public sealed class GlobalAdminRatioRuleTests
{
    private const string ExchangeAdministrator = "29232cdf-9323-42fd-ade2-1d097af3e4de";

    /// <summary>Users 1..<paramref name="globalAdmins"/> hold Global Administrator; the next <paramref name="others"/> hold User or Exchange Administrator.</summary>
    private static TenantInventory Tenant(int globalAdmins, int others, params RoleScheduleRecord[] eligible)
    {
        var users = Enumerable.Range(1, globalAdmins + others + 2).Select(n => User(n)).ToList();
        return new TenantInventory
        {
            Users = users,
            RoleDefinitions =
            [
                Role(GlobalAdministrator, "Global Administrator"), Role(UserAdministrator, "User Administrator"),
                Role(ExchangeAdministrator, "Exchange Administrator", privileged: false), Role(SecurityAdministrator, "Security Administrator"),
            ],
            RoleAssignments =
            [
                .. Enumerable.Range(1, globalAdmins).Select(n => RoleAssignment(GlobalAdministrator, Id(n), "user")),
                .. Enumerable.Range(globalAdmins + 1, others).Select(n => RoleAssignment(n % 2 == 0 ? UserAdministrator : ExchangeAdministrator, Id(n), "user")),
                RoleAssignment(SecurityAdministrator, Id(globalAdmins + others + 1), "user"),
            ],
            RoleSchedules = eligible,
        };
    }

    [Fact]
    public void Three_global_administrators_and_two_finer_grained_admins_fail()
    {
        var finding = RuleAssert.SingleFinding<GlobalAdminRatioRule>(Tenant(3, 2));

        Assert.Equal(3, finding.Evidence["globalAdministratorCount"]);
        Assert.Equal(2, finding.Evidence["finerGrainedCount"]);
        Assert.Equal(["user4@contoso.example", "user5@contoso.example"], RuleAssert.Strings(finding, "finerGrainedUsers"));
        Assert.StartsWith("3 users hold or can activate Global Administrator (user1@contoso.example, user2@contoso.example, user3@contoso.example), but only 2 hold", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void As_many_finer_grained_admins_as_global_administrators_pass_and_security_administrator_is_not_one_of_cisas_roles()
        => RuleAssert.NoFinding<GlobalAdminRatioRule>(Tenant(2, 2));

    [Fact]
    public void An_eligible_global_administrator_counts()
        => Assert.Equal(3, RuleAssert.SingleFinding<GlobalAdminRatioRule>(Tenant(2, 2, EligibleSchedule(GlobalAdministrator, Id(6)))).Evidence["globalAdministratorCount"]);

    [Fact]
    public void A_global_administrator_who_also_holds_a_finer_role_is_not_counted_as_finer_grained()
        => RuleAssert.SingleFinding<GlobalAdminRatioRule>(Tenant(2, 2, EligibleSchedule(UserAdministrator, Id(1)), EligibleSchedule(GlobalAdministrator, Id(4))));

    [Fact]
    public void Break_glass_accounts_of_the_settings_are_left_out()
    {
        var settings = RuleSettings.Default with { BreakGlassAccounts = [Id(1)] };

        RuleAssert.NoFinding<GlobalAdminRatioRule>(Tenant(3, 2), settings);
    }

    [Fact]
    public void It_is_not_evaluated_without_directory_roles() => RuleAssert.NotEvaluatedWithout<GlobalAdminRatioRule>(Tenant(3, 2));
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

public sealed class UserStaleRuleTests
{
    [Fact]
    public void Member_unused_for_200_days_is_a_low_finding()
    {
        var finding = RuleAssert.SingleFinding<UserStaleRule>(new TenantInventory { Users = [User(1, "Kim", lastSignIn: AsOf.AddDays(-200), lastNonInteractive: AsOf.AddDays(-199))] });

        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Equal(199, finding.Evidence["daysSinceLastSignIn"]);
        Assert.Contains("has not signed in for 199 days (last interactive sign-in: 2026-05-09 00:00 UTC; last non-interactive sign-in: 2026-05-10 00:00 UTC)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Account_never_used_since_creation_long_ago_is_stale()
    {
        var user = User(1, created: AsOf.AddDays(-120));
        var finding = RuleAssert.SingleFinding<UserStaleRule>(new TenantInventory { Users = [new Core.Inventory.UserRecord
        {
            TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = user.ObjectId, DisplayName = user.DisplayName, UserPrincipalName = user.UserPrincipalName,
            UserType = "Member", AccountEnabled = true, CreatedAt = user.CreatedAt,
        }] });

        Assert.Null(finding.Evidence["daysSinceLastSignIn"]);
        Assert.Contains("has never signed in since it was created on 2026-07-28 00:00 UTC", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_privileged_member_weighs_double()
    {
        var finding = RuleAssert.SingleFinding<UserStaleRule>(new TenantInventory
        {
            Users = [User(1, lastSignIn: AsOf.AddDays(-160))],
            RoleDefinitions = [Role(ApplicationAdministrator, "Application Administrator")],
            RoleAssignments = [RoleAssignment(ApplicationAdministrator, Id(1), "user")],
        });

        Assert.Equal(4m, finding.Score);
    }

    [Fact]
    public void Recent_new_disabled_guest_and_break_glass_accounts_pass()
        => RuleAssert.NoFinding<UserStaleRule>(
            new TenantInventory
            {
                Users =
                [
                    User(1, lastSignIn: AsOf.AddDays(-85)), User(2, enabled: false, lastSignIn: AsOf.AddDays(-400)),
                    User(3, userType: "Guest", lastSignIn: AsOf.AddDays(-400)), User(4, lastSignIn: AsOf.AddDays(-400)),
                    User(5, lastSignIn: AsOf.AddDays(-100), lastNonInteractive: AsOf.AddDays(-2)),
                ],
            },
            RuleSettings.Default with { BreakGlassAccounts = [Id(4)] });

    [Fact]
    public void User_staleness_is_not_evaluated_without_sign_in_activity()
        => RuleAssert.NotEvaluatedWithout<UserStaleRule>(new TenantInventory { Users = [User(1, lastSignIn: AsOf.AddDays(-200))] });
}

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
        Assert.Equal(199, finding.Evidence["daysSinceLastSuccessfulSignIn"]);
        Assert.Contains("its last successful sign-in, interactive or not, was 199 days ago (2026-05-10 00:00 UTC)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("(Last sign-in attempts, successful or not: interactive 2026-05-09 00:00 UTC, non-interactive 2026-05-10 00:00 UTC.)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_under_password_spray_with_recent_failed_attempts_and_an_old_success_is_stale_and_weighs_more()
    {
        // lastSignInDateTime records attempts, failed ones included: the old rule read it and passed this account.
        var user = User(1, "Kim", lastSignIn: AsOf.AddDays(-2), lastNonInteractive: AsOf.AddDays(-3), lastSuccessful: AsOf.AddDays(-200));
        var finding = RuleAssert.SingleFinding<UserStaleRule>(new TenantInventory { Users = [user] });

        Assert.Equal(200, finding.Evidence["daysSinceLastSuccessfulSignIn"]);
        Assert.Equal(AsOf.AddDays(-2), finding.Evidence["lastFailedAttemptAt"]);
        Assert.Contains(finding.Signals, s => s.Name == "failed-sign-ins-while-unused");
        Assert.Contains("the latest, on 2026-11-23 00:00 UTC, came after the last successful sign-in, so it failed", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recent_successful_non_interactive_sign_in_counts_as_use()
        => RuleAssert.NoFinding<UserStaleRule>(new TenantInventory { Users = [User(1, lastSignIn: AsOf.AddDays(-200), lastNonInteractive: AsOf.AddDays(-2))] });

    [Fact]
    public void Account_never_used_since_creation_long_ago_is_stale()
    {
        var finding = RuleAssert.SingleFinding<UserStaleRule>(new TenantInventory { Users = [User(1, created: AsOf.AddDays(-120), lastSignIn: AsOf.AddDays(-5), noSuccess: true)] });

        Assert.Null(finding.Evidence["daysSinceLastSuccessfulSignIn"]);
        Assert.Contains("has no successful sign-in recorded since it was created on 2026-07-28 00:00 UTC (Microsoft Entra ID has recorded successful sign-ins since 1 December 2023)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void No_success_recorded_on_an_account_created_before_recording_began_is_stale_from_december_2023()
    {
        // Graph did not backfill lastSuccessfulSignInDateTime: null means none since 1 December 2023, a creation time unknown (0001) included.
        var old = User(1, created: new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), noSuccess: true);
        var unknownAge = User(2, created: DateTimeOffset.MinValue, noSuccess: true);

        var evaluation = RuleAssert.Run<UserStaleRule>(new TenantInventory { Users = [old, unknownAge] });

        Assert.Equal(2, evaluation.Findings.Count);
    }

    [Fact]
    public void A_new_account_without_a_successful_sign_in_is_not_yet_stale()
        => RuleAssert.NoFinding<UserStaleRule>(new TenantInventory { Users = [User(1, created: AsOf.AddDays(-20), noSuccess: true)] });

    [Fact]
    public void A_synchronised_account_is_to_be_disabled_on_premises()
    {
        var synced = RuleAssert.SingleFinding<UserStaleRule>(new TenantInventory { Users = [User(1, synced: true, lastSignIn: AsOf.AddDays(-200))] });
        var cloud = RuleAssert.SingleFinding<UserStaleRule>(new TenantInventory { Users = [User(1, lastSignIn: AsOf.AddDays(-200))] });

        Assert.Contains("disable it in on-premises Active Directory (Active Directory Users and Computers, or Disable-ADAccount)", synced.Remediation, StringComparison.Ordinal);
        Assert.DoesNotContain("Update-MgUser", synced.Remediation, StringComparison.Ordinal);
        Assert.Contains("Update-MgUser -UserId <id> -AccountEnabled:$false", cloud.Remediation, StringComparison.Ordinal);
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

    [Fact]
    public void User_staleness_is_not_evaluated_when_graph_gives_no_successful_sign_in_time()
    {
        var outcome = RuleAssert.Run<UserStaleRule>(new TenantInventory
        {
            Users = [User(1, lastSignIn: AsOf.AddDays(-200))],
            Unavailable = new Dictionary<string, string> { ["users.signInActivity.lastSuccessfulSignInDateTime"] = "Graph returned signInActivity without lastSuccessfulSignInDateTime on all 1 users that carried it" },
        }).Outcomes.Single();

        Assert.False(outcome.Evaluated);
        Assert.StartsWith("not evaluated: users.signInActivity.lastSuccessfulSignInDateTime unavailable", outcome.NotEvaluatedReason, StringComparison.Ordinal);
    }
}

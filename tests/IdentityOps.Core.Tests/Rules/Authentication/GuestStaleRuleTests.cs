using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

public sealed class GuestStaleRuleTests
{
    [Fact]
    public void Guest_without_a_successful_sign_in_for_200_days_is_a_finding()
    {
        var finding = RuleAssert.SingleFinding<GuestStaleRule>(new TenantInventory { Users = [User(1, "Partner", userType: "Guest", lastSignIn: AsOf.AddDays(-200))] });

        Assert.Equal("guest-stale", finding.Rule.Id);
        Assert.Equal(200, finding.Evidence["daysSinceLastSuccessfulSignIn"]);
        Assert.Contains("The guest account \"Partner\"", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("View inactive guests", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void Guest_invited_long_ago_that_never_signed_in_is_a_finding()
    {
        var finding = RuleAssert.SingleFinding<GuestStaleRule>(new TenantInventory { Users = [User(1, userType: "Guest", created: AsOf.AddDays(-400), noSuccess: true)] });

        Assert.Contains("has no successful sign-in recorded since it was invited on", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Guest_with_failed_attempts_only_is_still_unused()
    {
        var finding = RuleAssert.SingleFinding<GuestStaleRule>(new TenantInventory { Users = [User(1, userType: "Guest", lastSignIn: AsOf.AddDays(-1), lastSuccessful: AsOf.AddDays(-150))] });

        Assert.Contains(finding.Signals, s => s.Name == "failed-sign-ins-while-unused");
    }

    [Fact]
    public void Active_new_disabled_guests_members_and_break_glass_pass()
        => RuleAssert.NoFinding<GuestStaleRule>(
            new TenantInventory
            {
                Users =
                [
                    User(1, userType: "Guest", lastSignIn: AsOf.AddDays(-30)), User(2, userType: "Guest", created: AsOf.AddDays(-10), noSuccess: true),
                    User(3, userType: "Guest", enabled: false, lastSignIn: AsOf.AddDays(-400)), User(4, lastSignIn: AsOf.AddDays(-400)),
                    User(5, userType: "Guest", lastSignIn: AsOf.AddDays(-400)),
                ],
            },
            RuleSettings.Default with { BreakGlassAccounts = [Id(5)] });

    [Fact]
    public void Guest_staleness_is_not_evaluated_without_sign_in_activity()
        => RuleAssert.NotEvaluatedWithout<GuestStaleRule>(new TenantInventory { Users = [User(1, userType: "Guest", lastSignIn: AsOf.AddDays(-200))] });
}

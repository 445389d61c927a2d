using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

public sealed class SecretRulesTests
{
    private static TenantInventory WithSecret(DateTimeOffset starts, DateTimeOffset? ends, params IdentityOps.Core.Inventory.CredentialRecord[] more)
    {
        var app = App(1, "Payroll sync");
        return new TenantInventory { Applications = [app], Credentials = [Secret(app.ObjectId, 1, starts, ends), .. more] };
    }

    [Fact]
    public void Expired_secret_is_a_low_finding_with_its_dates_in_the_explanation()
    {
        var finding = RuleAssert.SingleFinding<SecretExpiredRule>(WithSecret(AsOf.AddDays(-220), AsOf.AddDays(-40)));

        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Equal(-40, finding.Evidence["daysUntilExpiry"]);
        Assert.Contains("expired on 2026-10-16 00:00 UTC, 40 days before this scan", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_secret_is_not_expired() => RuleAssert.NoFinding<SecretExpiredRule>(WithSecret(AsOf.AddDays(-10), AsOf.AddDays(100)));

    [Fact]
    public void Expired_secret_is_not_evaluated_without_applications() => RuleAssert.NotEvaluatedWithout<SecretExpiredRule>(WithSecret(AsOf.AddDays(-220), AsOf.AddDays(-40)));

    [Theory]
    [InlineData(5, true, false)]
    [InlineData(7, true, false)]
    [InlineData(8, false, true)]
    [InlineData(20, false, true)]
    [InlineData(30, false, true)]
    [InlineData(31, false, false)]
    public void Expiring_secrets_fall_in_exactly_one_window(int daysLeft, bool urgent, bool warning)
    {
        var inventory = WithSecret(AsOf.AddDays(-100), AsOf.AddDays(daysLeft));

        Assert.Equal(urgent, RuleAssert.Run<SecretExpiringSoonRule>(inventory).Findings.Count == 1);
        Assert.Equal(warning, RuleAssert.Run<SecretExpiringRule>(inventory).Findings.Count == 1);
    }

    [Fact]
    public void Expiring_secret_already_rotated_is_not_a_finding()
    {
        var app = App(1);
        var inventory = new TenantInventory
        {
            Applications = [app],
            Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-175), AsOf.AddDays(5)), Certificate(app.ObjectId, 2, AsOf.AddDays(-1), AsOf.AddDays(300))],
        };

        RuleAssert.NoFinding<SecretExpiringSoonRule>(inventory);
    }

    [Fact]
    public void Secret_valid_for_two_years_exceeds_the_lifetime_limit()
    {
        var finding = RuleAssert.SingleFinding<SecretLongLifetimeRule>(WithSecret(AsOf.AddDays(-30), AsOf.AddDays(700)));

        Assert.Equal(730L, finding.Evidence["lifetimeDays"]);
    }

    [Fact]
    public void Six_month_secret_is_within_the_lifetime_limit() => RuleAssert.NoFinding<SecretLongLifetimeRule>(WithSecret(AsOf.AddDays(-30), AsOf.AddDays(150)));

    [Fact]
    public void Lifetime_limit_follows_the_tenant_setting()
        => RuleAssert.SingleFinding<SecretLongLifetimeRule>(WithSecret(AsOf.AddDays(-30), AsOf.AddDays(150)), RuleSettings.Default with { MaximumSecretLifetimeDays = 90 });

    [Fact]
    public void Secret_ending_in_year_9999_has_no_realistic_end()
    {
        var finding = RuleAssert.SingleFinding<SecretWithoutRealisticEndRule>(WithSecret(AsOf.AddDays(-400), new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));

        Assert.Equal(Severity.Medium, finding.Rule.Severity);
        Assert.Contains("9999-12-31", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_year_secret_has_a_realistic_end() => RuleAssert.NoFinding<SecretWithoutRealisticEndRule>(WithSecret(AsOf.AddDays(-30), AsOf.AddDays(700)));

    [Fact]
    public void Three_active_secrets_are_more_than_rotation_needs()
    {
        var app = App(1);
        var inventory = new TenantInventory
        {
            Applications = [app],
            Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-10), AsOf.AddDays(170)), Secret(app.ObjectId, 2, AsOf.AddDays(-40), AsOf.AddDays(140)), Secret(app.ObjectId, 3, AsOf.AddDays(-70), AsOf.AddDays(110))],
        };

        var finding = RuleAssert.SingleFinding<MultipleActiveSecretsRule>(inventory);
        Assert.Equal(3, finding.Evidence["activeSecrets"]);
    }

    [Fact]
    public void Two_active_secrets_are_a_rotation_overlap()
    {
        var app = App(1);
        var inventory = new TenantInventory
        {
            Applications = [app],
            Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-10), AsOf.AddDays(170)), Secret(app.ObjectId, 2, AsOf.AddDays(-150), AsOf.AddDays(30)), Secret(app.ObjectId, 3, AsOf.AddDays(-400), AsOf.AddDays(-200))],
        };

        RuleAssert.NoFinding<MultipleActiveSecretsRule>(inventory);
    }

    [Fact]
    public void Several_matching_secrets_make_one_finding_per_app_that_counts_them()
    {
        var app = App(1);
        var inventory = new TenantInventory
        {
            Applications = [app],
            Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-300), AsOf.AddDays(-40)), Secret(app.ObjectId, 2, AsOf.AddDays(-300), AsOf.AddDays(-90))],
        };

        var finding = RuleAssert.SingleFinding<SecretExpiredRule>(inventory);

        Assert.Equal(2, finding.Evidence["matchingSecrets"]);
        Assert.Equal(-90, finding.Evidence["daysUntilExpiry"]);
        Assert.Contains("2 of the app's secrets match", finding.Explanation, StringComparison.Ordinal);
    }
}

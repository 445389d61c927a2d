using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.Delivery;
using IdentityOps.Core.Alerts.Digests;

namespace IdentityOps.Core.Tests.Alerts;

public sealed class AlertScheduleTests
{
    private static AlertConfiguration Configuration(string schedule, int hour = 7)
        => new() { TenantId = Guid.NewGuid(), Id = Guid.NewGuid(), Name = "a", Schedule = schedule, SendHourUtc = hour, UpdatedAt = DateTimeOffset.UnixEpoch };

    [Theory]
    [InlineData("2026-11-26T06:59:00Z", "daily:2026-11-25")]
    [InlineData("2026-11-26T07:00:00Z", "daily:2026-11-26")]
    [InlineData("2026-11-26T23:59:00Z", "daily:2026-11-26")]
    public void A_daily_digest_belongs_to_the_day_whose_send_hour_has_passed(string now, string period)
        => Assert.Equal(period, DigestSchedule.Due(Configuration("daily"), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))!.Key);

    [Theory]
    [InlineData("2026-11-23T06:00:00Z", "weekly:2026-W47")] // Monday before the hour: last week's
    [InlineData("2026-11-23T07:00:00Z", "weekly:2026-W48")]
    [InlineData("2026-11-29T23:00:00Z", "weekly:2026-W48")] // Sunday
    [InlineData("2027-01-01T12:00:00Z", "weekly:2026-W53")]
    public void A_weekly_digest_goes_out_on_monday_at_the_send_hour(string now, string period)
        => Assert.Equal(period, DigestSchedule.Due(Configuration("weekly"), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))!.Key);

    [Fact]
    public void The_immediate_schedule_has_no_digest()
        => Assert.Null(DigestSchedule.Due(Configuration("immediate"), DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("secrets-expiring:30", AlertTriggerKind.SecretsExpiringWithinDays, 30)]
    [InlineData("score-dropped:5", AlertTriggerKind.ScoreDroppedBy, 5)]
    [InlineData("new-critical-or-high", AlertTriggerKind.NewCriticalOrHighFindings, null)]
    [InlineData("scan-failed", AlertTriggerKind.ScanFailed, null)]
    [InlineData("consent-revoked", AlertTriggerKind.ConsentRevoked, null)]
    public void Triggers_parse_and_print_back(string text, AlertTriggerKind kind, int? parameter)
    {
        Assert.True(AlertTrigger.TryParse(text, out var trigger));
        Assert.Equal(new AlertTrigger(kind, parameter), trigger);
        Assert.Equal(text, trigger.ToString());
    }

    [Theory]
    [InlineData("secrets-expiring")]
    [InlineData("secrets-expiring:0")]
    [InlineData("secrets-expiring:366")]
    [InlineData("secrets-expiring:-1")]
    [InlineData("score-dropped:101")]
    [InlineData("scan-failed:3")]
    [InlineData("APP-001")]
    [InlineData("")]
    public void Malformed_triggers_are_refused(string text)
        => Assert.False(AlertTrigger.TryParse(text, out _));

    [Fact]
    public void Settings_refuse_a_send_hour_outside_the_day()
        => Assert.Contains("sendHourUtc", new AlertSettings("a", true, ["scan-failed"], ["a@b.example"], "daily", 24).Validate().Keys);

    [Fact]
    public void Backoff_doubles_from_the_base_delay()
        => Assert.Equal(
            [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8)],
            Enumerable.Range(1, 4).Select(a => SendPendingAlertsCommand.Backoff(TimeSpan.FromMinutes(1), a)));
}

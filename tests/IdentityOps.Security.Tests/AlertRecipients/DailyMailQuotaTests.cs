using IdentityOps.Core.Trust;
using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Alerts.RunDueAlerts;
using IdentityOps.Testing.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Security.Tests.AlertRecipients;

/// <summary>
/// What the alert run sends, against a real SMTP server (MailDev): no more e-mails per tenant and UTC day than
/// the quota, the rest deferred to the next day and sent then, never dropped; and no e-mail to an address the
/// organization's verified domains no longer cover, with the reason on its delivery row.
/// </summary>
// Claim: outbound alerts go only to the tenant's own domains, within quotas (the outbound-delivery claim).
[Trait("Claim", TrustClaimIds.SignedWebhooks)]
public sealed class DailyMailQuotaTests(AlertsHarness harness) : IClassFixture<AlertsHarness>
{
    private static readonly string[] Triggers = ["new-critical-or-high", "score-dropped:10"];

    // Yesterday's digest window: due at the harness's "now", and too old for an at-once alert.
    private static readonly DateTimeOffset InDailyWindow = AlertsHarness.Now.AddHours(-24).AddMinutes(-20);

    [Fact]
    public async Task The_daily_quota_stops_the_next_e_mail_and_sends_it_the_next_day()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] recipients = [$"a.{run}@quota.example", $"b.{run}@quota.example", $"c.{run}@quota.example"];
        var tenant = await harness.SeedAsync("Quota", recipients, "daily", Triggers, InDailyWindow, verifiedDomains: ["quota.example"]);
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        await using var services = harness.Services(clock, configure: s => s.Configure<AlertQuotaOptions>(q => q.MaxEmailsPerTenantPerDay = 2));

        var first = await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Sent);
        Assert.Equal(2, await MessagesAsync(recipients));
        var waiting = Assert.Single(await harness.DeliveriesAsync(tenant.Id), d => d.Status == AlertDeliveryStatus.Pending);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), waiting.NextAttemptAt);
        Assert.Equal("Deferred: your organization's alert e-mails reached their limit of 2 for the day; sending resumes after 00:00 UTC.", waiting.LastError);

        // Later the same day: still nothing more.
        clock.Advance(TimeSpan.FromHours(3));
        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        Assert.Equal(2, await MessagesAsync(recipients));

        // The next UTC day, the deferred one goes out: every recipient has had exactly one.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 0, 5, 0, TimeSpan.Zero));
        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        foreach (var recipient in recipients)
        {
            Assert.Single(await harness.MessagesToAsync(recipient));
        }

        Assert.All(await harness.DeliveriesAsync(tenant.Id), d => Assert.Equal(AlertDeliveryStatus.Sent, d.Status));
    }

    [Fact]
    public async Task An_address_outside_the_verified_domains_is_not_sent_to_and_its_row_says_why()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var inside = $"soc.{run}@fabrikam.example";
        var outside = $"target.{run}@victim.example";
        var tenant = await harness.SeedAsync("Fabrikam", [inside, outside], "daily", Triggers, InDailyWindow, verifiedDomains: ["fabrikam.example"]);
        await using var services = harness.Services(new FakeTimeProvider(AlertsHarness.Now));

        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        Assert.Single(await harness.MessagesToAsync(inside));
        Assert.Empty(await harness.MessagesToAsync(outside));
        var refused = Assert.Single(await harness.DeliveriesAsync(tenant.Id), d => d.Recipient == outside);
        Assert.Equal((AlertDeliveryStatus.Failed, 0), (refused.Status, refused.Attempts));
        Assert.Equal("Not sent: the address is outside your organization's verified domains (fabrikam.example).", refused.LastError);
    }

    private async Task<int> MessagesAsync(string[] recipients)
    {
        var total = 0;
        foreach (var recipient in recipients)
        {
            total += (await harness.MessagesToAsync(recipient)).Count;
        }

        return total;
    }
}

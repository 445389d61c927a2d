using System.Net;
using System.Text.RegularExpressions;
using IdentityOps.Core.Alerts.Delivery;
using IdentityOps.Core.Alerts.ManageWebhooks;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Alerts.RunDueAlerts;
using IdentityOps.Core.Alerts.Unsubscribe;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using IdentityOps.Testing.Alerts;

namespace IdentityOps.Core.Tests.Alerts;

/// <summary>Alert e-mails end to end: stored scans → timer run → outbox → MailKit → a real SMTP server, read back through its API.</summary>
public sealed partial class AlertEmailTests(AlertsHarness harness) : IClassFixture<AlertsHarness>
{
    private static readonly string[] AllTriggers = ["secrets-expiring:30", "new-critical-or-high", "score-dropped:10", "scan-failed", "consent-revoked"];
    private static readonly DateTimeOffset InDailyWindow = AlertsHarness.Now.AddHours(-24).AddMinutes(-20); // before the at-once window, inside yesterday's digest

    [Fact]
    public async Task A_daily_digest_reaches_each_recipient_with_its_content_links_and_headers_and_no_secret()
    {
        var (alice, bob) = Recipients();
        var tenant = await harness.SeedAsync("Contoso <script>alert(1)</script>\u202E", [alice, bob], "daily", AllTriggers, InDailyWindow);
        await using var services = harness.Services(new FakeTimeProvider(AlertsHarness.Now));
        var webhookSecret = await CreateWebhookAsync(services, tenant);

        var result = await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        Assert.True(result.Sent >= 2, $"sent {result.Sent}");
        var toAlice = Assert.Single(await harness.MessagesToAsync(alice));
        var toBob = Assert.Single(await harness.MessagesToAsync(bob));
        var delivery = (await harness.DeliveriesAsync(tenant.Id)).Single(d => d.Recipient == alice);
        Assert.Equal(("daily:2026-11-26", AlertDeliveryStatus.Sent, 1), (delivery.Period, delivery.Status, delivery.Attempts));

        // Headers: the Message-ID comes from the outbox's idempotency key; one-click unsubscribe (RFC 8058).
        Assert.Equal($"<{delivery.IdempotencyId}@{AlertMessages.MessageIdDomain}>", toAlice.Header("message-id"));
        Assert.Equal("auto-generated", toAlice.Header("auto-submitted"));
        Assert.Equal("List-Unsubscribe=One-Click", toAlice.Header("list-unsubscribe-post"));
        Assert.Equal($"<{delivery.UnsubscribeUrl}>", toAlice.Header("list-unsubscribe"));
        Assert.Contains("2 new critical or high findings", toAlice.Subject, StringComparison.Ordinal);
        Assert.Contains("[U+202E]", toAlice.Subject, StringComparison.Ordinal);

        // Content, both bodies: new findings only (not the high one the earlier scan had, not the low one), the score drop, the expiring secret.
        foreach (var body in new[] { toAlice.Html!, toAlice.Text! })
        {
            Assert.Contains("app-tier0-permission", body, StringComparison.Ordinal);
            Assert.Contains("grant-user-consent-offline-mail", body, StringComparison.Ordinal);
            Assert.DoesNotContain("app-old-high", body, StringComparison.Ordinal);
            Assert.DoesNotContain("app-low", body, StringComparison.Ordinal);
            Assert.Contains("From 80 to 60", body, StringComparison.Ordinal);
            Assert.Contains("Payroll[U+202E]gnp.exe", body, StringComparison.Ordinal);
            Assert.Contains("in 10 days", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202E", body, StringComparison.Ordinal);
        }

        // Tenant text is encoded in HTML, and only our own markup is markup.
        Assert.Contains("Contoso &lt;script&gt;alert(1)&lt;/script&gt;[U+202E]", toAlice.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", toAlice.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Payroll &lt;b&gt;sync&lt;/b&gt;", toAlice.Html, StringComparison.Ordinal);
        Assert.Contains("Contoso <script>alert(1)</script>[U+202E]", toAlice.Text, StringComparison.Ordinal);

        // Links: the findings of the latest scan, and the recipient's own unsubscribe link.
        var links = Links(toAlice.Html!);
        Assert.Contains($"{AlertsHarness.PublicBaseUrl}/scans/{tenant.LatestScanId:D}", links);
        var aliceUnsubscribe = Assert.Single(links, l => l.StartsWith($"{AlertsHarness.PublicBaseUrl}/alerts/unsubscribe?token=", StringComparison.Ordinal));
        Assert.Equal(delivery.UnsubscribeUrl, aliceUnsubscribe);
        Assert.Contains(aliceUnsubscribe, toAlice.Text, StringComparison.Ordinal);
        var bobUnsubscribe = Assert.Single(Links(toBob.Html!), l => l.Contains("unsubscribe", StringComparison.Ordinal));
        Assert.NotEqual(aliceUnsubscribe, bobUnsubscribe);

        // No secret or token of any kind: not the webhook secret, nothing JWT-shaped, not the other recipient's link; the token does not show the address.
        foreach (var message in new[] { toAlice, toBob })
        {
            var everything = string.Join("\n", [message.Html, message.Text, .. message.Headers.Values]);
            Assert.DoesNotContain(webhookSecret, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(webhookSecret["whsec_".Length..], everything, StringComparison.Ordinal);
            Assert.DoesNotContain("whsec_", everything, StringComparison.Ordinal);
            Assert.DoesNotMatch(JwtShape(), everything);
        }

        Assert.DoesNotContain(bobUnsubscribe, toAlice.Html + toAlice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Split('@')[0], Uri.UnescapeDataString(aliceUnsubscribe), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Duplicate_timer_firings_send_one_message_per_recipient_per_period()
    {
        var (alice, bob) = Recipients();
        await harness.SeedAsync("Fabrikam", [alice, bob], "daily", AllTriggers, InDailyWindow);
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        await using var first = harness.Services(clock);
        await using var second = harness.Services(clock);

        // Two timer hosts firing at the same moment, then the timer firing again later in the same period.
        await Task.WhenAll(
            first.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None),
            second.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None));
        await first.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(3));
        await second.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        Assert.Single(await harness.MessagesToAsync(alice));
        Assert.Single(await harness.MessagesToAsync(bob));

        // The next day is a new period, and a new digest.
        clock.Advance(TimeSpan.FromDays(1));
        await first.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        Assert.Equal(2, (await harness.MessagesToAsync(alice)).Count);
    }

    [Fact]
    public async Task A_crash_between_send_and_commit_still_leaves_one_message_and_the_row_needing_attention()
    {
        var (alice, _) = Recipients();
        var tenant = await harness.SeedAsync("Northwind", [alice], "daily", AllTriggers, InDailyWindow);
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        await using (var crashing = harness.Services(clock, configure: s => s.Replace(ServiceDescriptor.Singleton<IAlertMailSender>(sp =>
            new CrashAfterSendSender(ActivatorUtilities.CreateInstance<MailKitAlertSender>(sp))))))
        {
            await crashing.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        }

        Assert.Single(await harness.MessagesToAsync(alice));
        Assert.Equal(AlertDeliveryStatus.Sending, Assert.Single(await harness.DeliveriesAsync(tenant.Id)).Status);

        // The restarted worker, inside the lease and after it: the message is not sent again.
        await using var restarted = harness.Services(clock);
        await restarted.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(6));
        await restarted.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        await restarted.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        Assert.Single(await harness.MessagesToAsync(alice));
        var row = Assert.Single(await harness.DeliveriesAsync(tenant.Id));
        Assert.Equal((AlertDeliveryStatus.Unknown, 1), (row.Status, row.Attempts));
        Assert.Contains("may or may not have been delivered", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_smtp_failure_is_retried_with_exponential_backoff_and_recorded()
    {
        var (alice, _) = Recipients();
        var tenant = await harness.SeedAsync("Tailspin", [alice], "daily", AllTriggers, InDailyWindow);
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        var stopped = NodeTool.FreePort(); // nothing listens: the relay is down
        await using var down = harness.Services(clock, smtpPort: stopped);

        await down.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        var first = Assert.Single(await harness.DeliveriesAsync(tenant.Id));
        Assert.Equal((AlertDeliveryStatus.Pending, 1, AlertsHarness.Now.AddMinutes(1)), (first.Status, first.Attempts, first.NextAttemptAt));
        Assert.Contains("could not be reached", first.LastError, StringComparison.Ordinal);

        await down.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None); // not due yet
        Assert.Equal(1, Assert.Single(await harness.DeliveriesAsync(tenant.Id)).Attempts);

        clock.Advance(TimeSpan.FromMinutes(1));
        await down.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        var second = Assert.Single(await harness.DeliveriesAsync(tenant.Id));
        Assert.Equal((AlertDeliveryStatus.Pending, 2, clock.GetUtcNow().AddMinutes(2)), (second.Status, second.Attempts, second.NextAttemptAt));
        Assert.Empty(await harness.MessagesToAsync(alice));

        // The relay is back: the next due attempt delivers, once.
        clock.Advance(TimeSpan.FromMinutes(2));
        await using var up = harness.Services(clock);
        await up.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        var sent = Assert.Single(await harness.DeliveriesAsync(tenant.Id));
        Assert.Equal((AlertDeliveryStatus.Sent, 3, (string?)null), (sent.Status, sent.Attempts, sent.LastError));
        Assert.Single(await harness.MessagesToAsync(alice));
    }

    [Fact]
    public async Task After_the_last_attempt_a_delivery_is_failed_and_shown_with_its_error()
    {
        var (alice, _) = Recipients();
        var tenant = await harness.SeedAsync("Litware", [alice], "daily", AllTriggers, InDailyWindow);
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        await using var down = harness.Services(clock, smtpPort: NodeTool.FreePort());
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await down.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromHours(1));
        }

        await using var scope = down.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var shown = Assert.Single(await scope.ServiceProvider.GetRequiredService<Core.Alerts.ListDeliveries.ListAlertDeliveriesQuery>()
            .ListAsync(new Core.Alerts.ListDeliveries.ListAlertDeliveriesRequest(tenant.Id), CancellationToken.None));
        Assert.Equal(("email", "Failed", 6), (shown.Channel, shown.Status, shown.Attempts));
        Assert.Contains("could not be reached", shown.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Critical_news_is_sent_at_once_even_on_a_weekly_schedule()
    {
        var (alice, _) = Recipients();
        var revoked = "Consent to IdentityOps' read-only permissions has been revoked (Microsoft Entra ID error AADSTS65001)" + DelegatedAccessFailure.ConsentAgainAdvice;
        var tenant = await harness.SeedAsync("Adventure Works", [alice], "weekly", ["consent-revoked", "secrets-expiring:30"], AlertsHarness.Now.AddHours(-1), latestError: revoked);
        await using var services = harness.Services(new FakeTimeProvider(AlertsHarness.Now));

        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        // The weekly digest is not due with anything to say; the revoked consent goes out at once, alone.
        var messages = await harness.MessagesToAsync(alice);
        var atOnce = Assert.Single(messages, m => m.Subject.Contains("consent to IdentityOps was revoked", StringComparison.Ordinal));
        Assert.Contains("AADSTS65001", atOnce.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("expiring", atOnce.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(await harness.DeliveriesAsync(tenant.Id), d => d.Period == $"scan:{tenant.LatestScanId:N}");
    }

    [Fact]
    public async Task The_unsubscribe_link_removes_only_its_recipient_once_and_a_forged_one_changes_nothing()
    {
        var (alice, bob) = Recipients();
        var tenant = await harness.SeedAsync("Wingtip", [alice, bob], "daily", AllTriggers, InDailyWindow);
        await using var services = harness.Services(new FakeTimeProvider(AlertsHarness.Now));
        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        var link = Assert.Single(Links(Assert.Single(await harness.MessagesToAsync(alice)).Html!), l => l.Contains("unsubscribe", StringComparison.Ordinal));
        var token = Uri.UnescapeDataString(new Uri(link).Query["?token=".Length..]);

        Assert.Equal(UnsubscribeOutcome.InvalidToken, await UnsubscribeAsync(services, token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA")));
        Assert.Equal(UnsubscribeOutcome.InvalidToken, await UnsubscribeAsync(services, "not-a-token"));
        Assert.Equal(UnsubscribeOutcome.Unsubscribed, await UnsubscribeAsync(services, token));
        Assert.Equal(UnsubscribeOutcome.AlreadyUnsubscribed, await UnsubscribeAsync(services, token));

        await using var db = harness.Database.CreateApplicationContext(tenant.Id);
        var (recipients, audit) = await db.InTenantTransactionAsync(
            async ct => (await db.AlertConfigurations.Where(a => a.Id == tenant.AlertId).Select(a => a.Recipients).SingleAsync(ct),
                         await db.AuditEvents.Where(e => e.Action == "alerts.unsubscribed").ToListAsync(ct)),
            CancellationToken.None);
        Assert.Equal([bob], recipients);
        var entry = Assert.Single(audit);
        Assert.Equal($"alert:{tenant.AlertId:D}", entry.Target);
        Assert.DoesNotContain(alice, entry.Actor, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unsubscribe_token_expires()
    {
        var (alice, _) = Recipients();
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        await using var services = harness.Services(clock);
        var token = services.GetRequiredService<UnsubscribeTokens>().Create(new UnsubscribeClaim(Guid.NewGuid(), Guid.NewGuid(), alice));

        clock.Advance(TimeSpan.FromDays(181));

        Assert.Null(services.GetRequiredService<UnsubscribeTokens>().Read(token));
    }

    private static async Task<UnsubscribeOutcome> UnsubscribeAsync(IServiceProvider services, string token)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UnsubscribeCommand>().UnsubscribeAsync(new UnsubscribeRequest(token), CancellationToken.None);
    }

    private static async Task<string> CreateWebhookAsync(IServiceProvider services, SeededTenant tenant)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var created = await scope.ServiceProvider.GetRequiredService<CreateWebhookEndpointCommand>()
            .CreateAsync(new CreateWebhookEndpointRequest(tenant.Id, tenant.AdminId, "https://siem.example/hooks", "SIEM"), CancellationToken.None);
        return created.Created!.Secret;
    }

    private static (string, string) Recipients()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return ($"alice.{run}@contoso.example", $"bob.{run}@contoso.example");
    }

    private static List<string> Links(string html)
        => [.. Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.")]
    private static partial Regex JwtShape();

    /// <summary>The process dies right after the relay accepted the message: nothing after the send runs.</summary>
    private sealed class CrashAfterSendSender(IAlertMailSender inner) : IAlertMailSender
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            await inner.SendAsync(message, cancellationToken);
            throw new ProcessCrashedException();
        }
    }

    private sealed class ProcessCrashedException : Exception;
}

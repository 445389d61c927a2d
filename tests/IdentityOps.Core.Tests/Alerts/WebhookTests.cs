using System.Net;
using System.Net.Sockets;
using System.Text;
using IdentityOps.Core.Alerts.DeliverWebhooks;
using IdentityOps.Core.Alerts.ManageWebhooks;
using IdentityOps.Core.Alerts.RunDueAlerts;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using IdentityOps.Testing.Webhooks;
using IdentityOps.Testing.Alerts;

namespace IdentityOps.Core.Tests.Alerts;

/// <summary>Signed webhooks end to end: the signature checked by the specification's reference implementation (IdentityOps.Testing), secrets at rest, and the delivery log. Replay is attacked in the Security suite.</summary>
public sealed class WebhookTests(AlertsHarness harness) : IClassFixture<AlertsHarness>
{
    private static readonly string[] Triggers = ["new-critical-or-high", "score-dropped:10"];

    [Fact]
    [Trait("Claim", IdentityOps.Core.Trust.TrustClaimIds.SignedWebhooks)]
    public async Task A_delivered_event_carries_a_signature_that_an_independent_implementation_verifies()
    {
        var receiver = new CapturingReceiver();
        var tenant = await harness.SeedAsync("Proseware", [$"soc.{Guid.NewGuid():N}@proseware.example"], "daily", Triggers, AlertsHarness.Now.AddHours(-24).AddMinutes(-20));
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        await using var services = harness.Services(clock, configure: s => s.Replace(ServiceDescriptor.Singleton(new WebhookTransport(receiver))));
        // A path and query, as chat and SIEM webhooks carry their token: stored encrypted, posted to in full.
        var created = await CreateAsync(services, tenant, "https://siem.proseware.example/identityops/T0?sig=abc%2Fdef");

        var result = await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        Assert.True(result.WebhooksDelivered >= 1);
        var request = Assert.Single(receiver.Requests, r => r.Url.Contains("proseware", StringComparison.Ordinal));
        Assert.Equal("https://siem.proseware.example/identityops/T0?sig=abc%2Fdef", request.Url);
        Assert.True(StandardWebhooksReference.Verify(created.Secret, request.Id, request.Timestamp, request.Body, request.Signature), "the reference implementation rejected the signature");
        Assert.Equal(AlertsHarness.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Timestamp);
        Assert.StartsWith("msg_", request.Id, StringComparison.Ordinal);
        Assert.Contains("app-tier0-permission", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("proseware.example\"", request.Body.Replace("siem.proseware.example", "", StringComparison.Ordinal), StringComparison.Ordinal); // no recipient address

        // Tampered body, another secret: the reference implementation says no (so it is not a rubber stamp).
        Assert.False(StandardWebhooksReference.Verify(created.Secret, request.Id, request.Timestamp, request.Body + " ", request.Signature));
        Assert.False(StandardWebhooksReference.Verify(StandardWebhookSigner.Format(new byte[32]), request.Id, request.Timestamp, request.Body, request.Signature));

        // The delivery log, and a second run sends nothing more (the event is delivered).
        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        Assert.Single(receiver.Requests, r => r.Url.Contains("proseware", StringComparison.Ordinal));
        var logged = await SingleDeliveryAsync(tenant.Id);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 1, (int?)200, request.Id), (logged.Status, logged.Attempts, logged.LastStatusCode, logged.MessageId));
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_with_backoff_under_the_same_webhook_id_and_logged()
    {
        var receiver = new CapturingReceiver { Status = HttpStatusCode.ServiceUnavailable };
        var tenant = await harness.SeedAsync("Lucerne", [$"soc.{Guid.NewGuid():N}@lucerne.example"], "daily", Triggers, AlertsHarness.Now.AddHours(-24).AddMinutes(-20));
        var clock = new FakeTimeProvider(AlertsHarness.Now);
        await using var services = harness.Services(clock, configure: s => s.Replace(ServiceDescriptor.Singleton(new WebhookTransport(receiver))));
        await CreateAsync(services, tenant, "https://hooks.lucerne.example/in");

        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);
        var first = await SingleDeliveryAsync(tenant.Id);
        Assert.Equal((WebhookDeliveryStatus.Pending, 1, (int?)503, AlertsHarness.Now.AddMinutes(1)), (first.Status, first.Attempts, first.LastStatusCode, first.NextAttemptAt));

        receiver.Status = HttpStatusCode.NoContent;
        clock.Advance(TimeSpan.FromMinutes(1));
        await services.GetRequiredService<RunDueAlertsCommand>().RunAsync(CancellationToken.None);

        var attempts = receiver.Requests.Where(r => r.Url.Contains("lucerne", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].Id, attempts[1].Id);
        Assert.NotEqual(attempts[0].Timestamp, attempts[1].Timestamp);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 2), ((await SingleDeliveryAsync(tenant.Id)).Status, (await SingleDeliveryAsync(tenant.Id)).Attempts));
    }

    [Fact]
    public async Task The_secret_is_shown_once_stored_only_encrypted_and_rotation_replaces_it_with_audit_events()
    {
        var tenant = await harness.SeedAsync("Datum", [$"soc.{Guid.NewGuid():N}@datum.example"], "daily", Triggers, AlertsHarness.Now.AddDays(-3));
        await using var services = harness.Services(new FakeTimeProvider(AlertsHarness.Now));
        var created = await CreateAsync(services, tenant, "https://siem.datum.example/hook");
        var secretBytes = StandardWebhookSigner.Parse(created.Secret);

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", created.Secret);
        var stored = await RawSigningMaterialAsync(created.EndpointId);
        Assert.False(stored.AsSpan().IndexOf(secretBytes) >= 0, "the secret's bytes are in the stored row");
        Assert.DoesNotContain(created.Secret["whsec_".Length..], Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.Equal(secretBytes, services.GetRequiredService<WebhookSigningSecrets>().Unprotect(stored));

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var rotated = await scope.ServiceProvider.GetRequiredService<RotateWebhookSecretCommand>()
            .RotateAsync(new RotateWebhookSecretRequest(tenant.Id, tenant.AdminId, created.EndpointId), CancellationToken.None);
        Assert.NotNull(rotated);
        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.Equal(StandardWebhookSigner.Parse(rotated.Secret), services.GetRequiredService<WebhookSigningSecrets>().Unprotect(await RawSigningMaterialAsync(created.EndpointId)));

        var actions = await AuditActionsAsync(tenant.Id);
        Assert.Equal(["webhook.created", "webhook.secret-rotated"], actions);
    }

    [Theory]
    [InlineData("http://siem.example/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://user:pass@siem.example/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("siem.example/hook")]
    public void An_endpoint_url_must_be_https_to_a_host_that_is_not_internal(string url)
        => Assert.True(WebhookUrl.Validate(url, null).ContainsKey("url"), url);

    [Fact]
    public void A_public_https_url_is_accepted()
        => Assert.Empty(WebhookUrl.Validate("https://hooks.slack.example/services/T000/B000", "chat"));

    private static async Task<WebhookSecretShown> CreateAsync(IServiceProvider services, SeededTenant tenant, string url)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var result = await scope.ServiceProvider.GetRequiredService<CreateWebhookEndpointCommand>()
            .CreateAsync(new CreateWebhookEndpointRequest(tenant.Id, tenant.AdminId, url, "SIEM"), CancellationToken.None);
        Assert.Empty(result.Errors);
        return result.Created!;
    }

    private async Task<WebhookDelivery> SingleDeliveryAsync(Guid tenantId)
    {
        await using var db = harness.Database.CreateApplicationContext(tenantId);
        return await db.InTenantTransactionAsync(ct => db.WebhookDeliveries.AsNoTracking().SingleAsync(ct), CancellationToken.None);
    }

    private async Task<List<string>> AuditActionsAsync(Guid tenantId)
    {
        await using var db = harness.Database.CreateApplicationContext(tenantId);
        return await db.InTenantTransactionAsync(ct => db.AuditEvents.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(ct), CancellationToken.None);
    }

    private async Task<byte[]> RawSigningMaterialAsync(Guid endpointId)
    {
        await using var connection = await Testing.TenantDatabase.OpenAsync(harness.Database.SuperuserConnectionString);
        await using var command = new Npgsql.NpgsqlCommand("SELECT protected_signing_material FROM webhook_endpoints WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", endpointId);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The receiving end, at the transport boundary: records what would have gone over the wire.</summary>
    private sealed class CapturingReceiver : HttpMessageHandler
    {
        public List<(string Url, string Id, string Timestamp, string Signature, string Body)> Requests { get; } = [];

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string Header(string name) => request.Headers.GetValues(name).Single();
            Requests.Add((request.RequestUri!.AbsoluteUri, Header("webhook-id"), Header("webhook-timestamp"), Header("webhook-signature"), await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(Status);
        }
    }
}

using IdentityOps.Core.Trust;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Alerts.ListWebhooks;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Functions.Api.Alerts;
using IdentityOps.Functions.Api.Webhooks;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Security.Tests.WebhookUrlsSecret;

/// <summary>
/// A Slack, Teams or SIEM webhook URL is a bearer secret: whoever holds its path and query can post into the
/// receiver. Once saved, no answer shows more of it than its origin (and, to admins, a fingerprint): not the
/// reader API, not the admin's list, not even the answer to the save; and the stored row holds it only as
/// ciphertext that the host's key ring opens. (That delivery still posts to the whole URL is in Core.Tests'
/// WebhookTests.)
/// </summary>
// Claim: webhook URLs are bearer secrets, stored only as our AES-256-GCM ciphertext.
[Trait("Claim", TrustClaimIds.TokensEncrypted)]
public sealed class WebhookUrlExposureTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task A_readers_deliveries_show_only_the_webhooks_origin_and_the_stored_row_holds_no_url()
    {
        var tenant = await app.AddTenantAsync();
        var pathSecret = "B0" + Guid.NewGuid().ToString("N");
        var querySecret = "q" + Guid.NewGuid().ToString("N");
        var url = $"https://hooks.example.com/services/T0/{pathSecret}?sig={querySecret}";

        var created = await app.CallAsync<CreateWebhookFunction>(app.AdminToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: JsonSerializer.Serialize(new { url, description = "Slack" }));
        Assert.Equal(201, created.Status);
        AssertNoSecretPart(created.Body, "the answer to the save");
        var endpointId = JsonDocument.Parse(created.Body).RootElement.GetProperty("endpointId").GetGuid();
        await AddDeliveryAsync(tenant, endpointId);

        var listed = await app.CallAsync<ListAlertDeliveriesFunction>(app.ReaderToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None));
        Assert.Equal(200, listed.Status);
        var delivery = Assert.Single(JsonDocument.Parse(listed.Body).RootElement.EnumerateArray());
        Assert.Equal(("webhook", "https://hooks.example.com"), (delivery.GetProperty("channel").GetString(), delivery.GetProperty("destination").GetString()));
        AssertNoSecretPart(listed.Body, "the reader's deliveries");

        // The admin's settings page lists endpoints from this query: origin and fingerprint, no more.
        using (var scope = app.Host.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
            var endpoint = Assert.Single(await scope.ServiceProvider.GetRequiredService<ListWebhookEndpointsQuery>().ListAsync(new ListWebhookEndpointsRequest(tenant.Id), CancellationToken.None));
            Assert.Equal(("https://hooks.example.com", WebhookUrlProtection.Fingerprint(url)), (endpoint.Origin, endpoint.Fingerprint));
            AssertNoSecretPart(JsonSerializer.Serialize(endpoint), "the admin's list");
        }

        // The row as PostgreSQL holds it: no part of the URL beyond its origin in any column, as text or as bytes;
        // the ciphertext opens, with the host's key ring, to exactly the URL that was saved.
        await using var connection = await TenantDatabase.OpenAsync(app.Database.SuperuserConnectionString);
        var row = await SchemaCatalog.ScalarAsync<string>(connection, "SELECT row_to_json(w)::text FROM webhook_endpoints w WHERE id = @id", ("id", endpointId));
        AssertNoSecretPart(row, "the stored row");
        var ciphertext = await SchemaCatalog.ScalarAsync<byte[]>(connection, "SELECT protected_url FROM webhook_endpoints WHERE id = @id", ("id", endpointId));
        Assert.False(ciphertext.AsSpan().IndexOf(Encoding.UTF8.GetBytes(pathSecret)) >= 0, "the URL's path is in the stored bytes in clear");
        Assert.Equal(url, app.Host.Services.GetRequiredService<WebhookUrlProtection>().Unprotect(ciphertext));
    }

    private static void AssertNoSecretPart(string text, string where)
    {
        Assert.False(text.Contains("/services/", StringComparison.Ordinal), $"{where} shows the webhook's path: {text}");
        Assert.False(text.Contains("sig=", StringComparison.Ordinal), $"{where} shows the webhook's query: {text}");
    }

    // As the alert run queues an event (QueueDueAlertsCommand), through the application role.
    private async Task AddDeliveryAsync(TestTenant tenant, Guid endpointId)
    {
        await using var db = app.Database.CreateApplicationContext(tenant.Id);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var now = DateTimeOffset.UtcNow;
                db.WebhookDeliveries.Add(new WebhookDelivery { TenantId = tenant.Id, Id = Guid.NewGuid(), EndpointId = endpointId, MessageId = "msg_exposure", EventType = "alert.digest", Payload = "{}", NextAttemptAt = now, CreatedAt = now });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
    }
}

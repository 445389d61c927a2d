using System.Text.Json;
using IdentityOps.Functions.Api.Alerts;
using IdentityOps.Functions.Api.Webhooks;
using IdentityOps.Functions.Testing;

namespace IdentityOps.Functions.Tests.Api;

public sealed class WebhookApiTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task An_admin_adds_a_webhook_sees_its_secret_once_and_rotates_it_and_a_reader_may_not()
    {
        var tenant = await app.AddTenantAsync();
        var admin = app.AdminToken(tenant);

        var created = await app.CallAsync<CreateWebhookFunction>(admin, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: """{"url":"https://siem.example/in","description":"SIEM"}""");
        Assert.Equal(201, created.Status);
        var body = JsonDocument.Parse(created.Body).RootElement;
        var id = body.GetProperty("endpointId").GetString()!;
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var rotated = await app.CallAsync<RotateWebhookSecretFunction>(admin, (f, r) => f.RunAsync(r, id, CancellationToken.None), "POST");
        Assert.Equal(200, rotated.Status);
        Assert.NotEqual(secret, JsonDocument.Parse(rotated.Body).RootElement.GetProperty("secret").GetString());

        var refused = await app.CallAsync<CreateWebhookFunction>(app.ReaderToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: """{"url":"https://siem.example/in"}""");
        ApiAuthTests.AssertProblem(refused, 403);
        var internalUrl = await app.CallAsync<CreateWebhookFunction>(admin, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: """{"url":"https://169.254.169.254/latest"}""");
        ApiAuthTests.AssertProblem(internalUrl, 400);

        Assert.Equal(2, await app.SuperuserScalarAsync("SELECT count(*) FROM audit_events WHERE tenant_id = @t AND action IN ('webhook.created', 'webhook.secret-rotated')", ("t", tenant.Id)));
        var deliveries = await app.CallAsync<ListAlertDeliveriesFunction>(app.ReaderToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None));
        Assert.Equal((200, "[]"), (deliveries.Status, deliveries.Body));
    }
}

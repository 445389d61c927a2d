using System.Reflection;
using System.Text.Json;
using IdentityOps.Core.Trust;
using IdentityOps.Functions.Api.Alerts;
using IdentityOps.Functions.Api.Settings;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Api.Webhooks;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Npgsql;

namespace IdentityOps.Security.Tests.ImmutableAudit;

/// <summary>
/// Every Functions HTTP trigger that accepts a method other than GET (found by reflection over the
/// Functions app) writes exactly one audit event of its kind to the caller's tenant trail, called as
/// the host calls it with the tenant admin's bearer token. A trigger without a recipe fails by name.
/// </summary>
[Trait("Claim", TrustClaimIds.ImmutableAudit)]
public sealed class OneAuditEventPerFunctionCallTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    private const string AlertJson = """{"name":"Weekly digest","enabled":true,"triggers":["new-critical-or-high"],"recipients":["ciso@example.test"],"schedule":"weekly"}""";

    private const string WebhookJson = """{"url":"https://siem.example/in","description":"SIEM"}""";

    private static readonly Dictionary<string, FunctionRecipe> Recipes = new(StringComparer.Ordinal)
    {
        ["POST scans"] = new("scan.requested", (c, t) => c.CallAsync<StartScanFunction>(t, (f, r) => f.RunAsync(r, CancellationToken.None), "POST")),
        ["POST alerts"] = new("alerts.created", (c, t) => c.CallAsync<CreateAlertSettingFunction>(t, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: AlertJson)),
        ["PUT alerts/{alertId}"] = new(
            "alerts.changed",
            async (c, t) =>
            {
                var id = await CreatedIdAsync(c.CallAsync<CreateAlertSettingFunction>(t, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: AlertJson), "id");
                return () => c.CallAsync<UpdateAlertSettingFunction>(t, (f, r) => f.RunAsync(r, id, CancellationToken.None), "PUT", json: AlertJson.Replace("\"enabled\":true", "\"enabled\":false", StringComparison.Ordinal));
            }),
        ["PUT settings/break-glass-accounts"] = new("rules.settings-changed", (c, t) => c.CallAsync<SetBreakGlassAccountsFunction>(t, (f, r) => f.RunAsync(r, CancellationToken.None), "PUT", json: """{"accounts":[]}""")),
        ["POST webhooks"] = new("webhook.created", (c, t) => c.CallAsync<CreateWebhookFunction>(t, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: WebhookJson)),
        ["POST webhooks/{webhookId}/rotate"] = new(
            "webhook.secret-rotated",
            async (c, t) =>
            {
                var id = await CreatedIdAsync(c.CallAsync<CreateWebhookFunction>(t, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: WebhookJson), "endpointId");
                return () => c.CallAsync<RotateWebhookSecretFunction>(t, (f, r) => f.RunAsync(r, id, CancellationToken.None), "POST");
            }),
    };

    public void Dispose() => app.Reset();

    [Fact]
    public async Task Every_state_changing_http_function_writes_exactly_one_audit_event_of_its_kind()
    {
        var triggers = StateChangingTriggers();
        Assert.True(triggers.Count >= 5, $"only {triggers.Count} state-changing HTTP functions found: the reflection is broken");
        var missing = triggers.Where(t => !Recipes.ContainsKey(t)).ToList();
        Assert.True(missing.Count == 0, $"state-changing HTTP functions with no audit recipe: {string.Join(", ", missing)}");
        var stale = Recipes.Keys.Except(triggers).ToList();
        Assert.True(stale.Count == 0, $"recipes for functions that no longer exist: {string.Join(", ", stale)}");

        foreach (var (trigger, recipe) in Recipes)
        {
            var tenant = await app.AddTenantAsync();
            await tenant.AddVerifiedDomainsAsync(app.Database, "example.test"); // alert recipients must be in them
            var token = app.AdminToken(tenant);
            var send = await recipe.Arrange(app, token);

            var before = await TrailAsync(tenant);
            var response = await send();
            Assert.True(response.Status < 400, $"{trigger}: {response.Status} {response.Body}");
            var after = await TrailAsync(tenant);

            var added = after.Skip(before.Count).ToList();
            Assert.True(after.Take(before.Count).SequenceEqual(before), $"{trigger}: the trail's earlier events changed");
            Assert.True(added.SequenceEqual([recipe.Action]), $"{trigger}: expected exactly [{recipe.Action}], the trail gained [{string.Join(", ", added)}]");
        }
    }

    /// <summary>"METHOD route" for every [HttpTrigger] parameter of a [Function] method whose methods are not only GET/HEAD.</summary>
    private static List<string> StateChangingTriggers()
        => typeof(StartScanFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .SelectMany(trigger => (trigger.Methods ?? ["get", "post"]).Where(method => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)).Select(method => $"{method.ToUpperInvariant()} {trigger.Route}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static async Task<string> CreatedIdAsync(Task<ApiResponse> call, string property)
    {
        var response = await call;
        Assert.True(response.Status == 201, $"arranging failed: {response.Status} {response.Body}");
        return JsonDocument.Parse(response.Body).RootElement.GetProperty(property).GetString()!;
    }

    private async Task<List<string>> TrailAsync(TestTenant tenant)
    {
        await using var connection = await TenantDatabase.OpenAsync(app.Database.SuperuserConnectionString);
        await using var select = new NpgsqlCommand("SELECT action FROM audit_events WHERE tenant_id = @t ORDER BY sequence", connection);
        select.Parameters.AddWithValue("t", tenant.Id);
        var actions = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }

    /// <summary>What one trigger does: <see cref="Arrange"/> sets up what it needs and returns the call to measure.</summary>
    private sealed record FunctionRecipe(string Action, Func<FunctionsApp, string, Task<Func<Task<ApiResponse>>>> Arrange)
    {
        public FunctionRecipe(string action, Func<FunctionsApp, string, Task<ApiResponse>> send)
            : this(action, (c, t) => Task.FromResult<Func<Task<ApiResponse>>>(() => send(c, t)))
        {
        }
    }
}

using System.Text.Json;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Functions.Alerts;
using IdentityOps.Functions.Api.Alerts;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Api.Webhooks;
using IdentityOps.Functions.Scans;
using IdentityOps.Functions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityOps.Functions.Tests;

/// <summary>The Functions host cannot run here: these build the worker's own provider and call the functions directly.</summary>
public sealed class FunctionsHostTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Every_function_class_resolves_from_the_workers_composition_root()
    {
        var functionTypes = FunctionTypes();

        Assert.True(functionTypes.Count >= 11, $"expected every function, found {functionTypes.Count}");
        foreach (var type in functionTypes)
        {
            using var scope = app.Host.Services.CreateScope();
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }

    [Fact]
    public void The_generated_metadata_lists_every_function_with_its_trigger_queue_route_and_schedule()
    {
        var metadataPath = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var metadata = JsonDocument.Parse(File.ReadAllText(metadataPath));
        var listed = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings")[0]);

        var declared = FunctionTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).OfType<FunctionAttribute>().SingleOrDefault()?.Name)
            .OfType<string>()
            .ToList();
        Assert.Equal(declared.Order(), listed.Keys.Order());

        Assert.Equal(("timerTrigger", "0 * * * * *"), (Type(nameof(PurgeFunction)), listed[nameof(PurgeFunction)].GetProperty("schedule").GetString()));
        Assert.Equal(("timerTrigger", "0 */5 * * * *"), (Type(nameof(AlertsTimerFunction)), listed[nameof(AlertsTimerFunction)].GetProperty("schedule").GetString()));
        Assert.Equal(("queueTrigger", ScanJobOptions.QueueName, "AzureWebJobsStorage"), (Type(nameof(ScanJobFunction)), Text(nameof(ScanJobFunction), "queueName"), Text(nameof(ScanJobFunction), "connection")));
        Assert.Equal(("queueTrigger", "scan-jobs-poison"), (Type(nameof(ScanJobPoisonFunction)), Text(nameof(ScanJobPoisonFunction), "queueName")));

        var http = new Dictionary<string, (string Route, string Method)>
        {
            [nameof(HealthFunction)] = ("health", "get"),
            [nameof(StartScanFunction)] = ("scans", "post"),
            [nameof(ListScansFunction)] = ("scans", "get"),
            [nameof(GetScanFunction)] = ("scans/{scanId}", "get"),
            [nameof(ListFindingsFunction)] = ("scans/{scanId}/findings", "get"),
            [nameof(GetReportFunction)] = ("scans/{scanId}/report", "get"),
            [nameof(ListAlertSettingsFunction)] = ("alerts", "get"),
            [nameof(CreateAlertSettingFunction)] = ("alerts", "post"),
            [nameof(UpdateAlertSettingFunction)] = ("alerts/{alertId}", "put"),
            [nameof(ListAlertDeliveriesFunction)] = ("alerts/deliveries", "get"),
            [nameof(CreateWebhookFunction)] = ("webhooks", "post"),
            [nameof(RotateWebhookSecretFunction)] = ("webhooks/{webhookId}/rotate", "post"),
        };
        foreach (var (name, (route, method)) in http)
        {
            Assert.Equal(("httpTrigger", route, method, "Anonymous"), (Type(name), Text(name, "route"), listed[name].GetProperty("methods")[0].GetString(), Text(name, "authLevel")));
        }

        // Every HTTP function except health goes through the gate (bearer token, tenant, policy); none names a tenant in its route.
        Assert.DoesNotContain(http.Values, h => h.Route.Contains("tenant", StringComparison.OrdinalIgnoreCase));

        string? Type(string name) => listed[name].GetProperty("type").GetString();
        string? Text(string name, string property) => listed[name].GetProperty(property).GetString();
    }

    [Fact]
    public void The_worker_counts_deliveries_as_host_json_does()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var maxDequeueCount = hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();

        Assert.Equal(maxDequeueCount, app.Host.Services.GetRequiredService<IOptions<ScanJobOptions>>().Value.MaxDequeueCount);
        Assert.Equal(FunctionsApp.MaxDequeueCount, maxDequeueCount);
    }

    [Fact]
    public async Task Health_reports_the_databases_row_level_security()
    {
        using var scope = app.Host.Services.CreateScope();
        var function = ActivatorUtilities.CreateInstance<HealthFunction>(scope.ServiceProvider);

        var result = Assert.IsType<OkObjectResult>(await function.RunAsync(new DefaultHttpContext().Request, CancellationToken.None));
        var body = JsonSerializer.SerializeToElement(result.Value, WebJson);

        Assert.Equal(body.GetProperty("tenantTables").GetInt32(), body.GetProperty("rlsProtectedTables").GetInt32());
    }

    private static List<Type> FunctionTypes()
        => typeof(HealthFunction).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).Length > 0))
            .ToList();
}

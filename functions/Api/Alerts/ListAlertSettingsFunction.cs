using IdentityOps.Core.Alerts.ListAlertConfigurations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Alerts;

/// <summary>GET /api/alerts: the tenant's alert settings.</summary>
public sealed class ListAlertSettingsFunction(ApiGate gate, ListAlertConfigurationsQuery alerts)
{
    [Function(nameof(ListAlertSettingsFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alerts")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
            new OkObjectResult(await alerts.ListAsync(new ListAlertConfigurationsRequest(caller.TenantId), cancellationToken)));
}

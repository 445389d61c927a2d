using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.ListAlertConfigurations;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Alerts;

/// <summary>GET /api/alerts: the tenant's alert settings.</summary>
public sealed class ListAlertSettingsFunction(ApiGate gate, ListAlertConfigurationsQuery alerts)
{
    [Function(nameof(ListAlertSettingsFunction))]
    [ApiOperation("listAlerts", "The organisation's alert configurations.", Policy = Policies.TenantReader, Tag = "alerts")]
    [ApiResponse(200, "The alert configurations.", Body = typeof(IReadOnlyList<AlertConfigurationView>))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alerts")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
            new OkObjectResult(await alerts.ListAsync(new ListAlertConfigurationsRequest(caller.TenantId), cancellationToken)));
}

using IdentityOps.Core.Alerts.ListDeliveries;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Alerts;

/// <summary>GET /api/alerts/deliveries: recent alert e-mails and webhook deliveries with their status, attempts and last error.</summary>
public sealed class ListAlertDeliveriesFunction(ApiGate gate, ListAlertDeliveriesQuery deliveries)
{
    [Function(nameof(ListAlertDeliveriesFunction))]
    [ApiOperation("listAlertDeliveries", "Recent alert deliveries (e-mail and webhooks) and their outcome.", Policy = Policies.TenantReader, Tag = "alerts")]
    [ApiResponse(200, "The deliveries, newest first.", Body = typeof(IReadOnlyList<AlertDeliveryView>))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alerts/deliveries")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
            new OkObjectResult(await deliveries.ListAsync(new ListAlertDeliveriesRequest(caller.TenantId), cancellationToken)));
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning.ListScans;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Scans;

/// <summary>GET /api/scans?page=&amp;pageSize=: the tenant's scans, newest first.</summary>
public sealed class ListScansFunction(ApiGate gate, ListScansQuery scans)
{
    [Function(nameof(ListScansFunction))]
    [ApiOperation("listScans", "The organisation's scans, newest first.", Policy = Policies.TenantReader, Tag = "scans")]
    [ApiPaged]
    [ApiResponse(200, "A page of scans.", Body = typeof(Page<ScanSummary>))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scans")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
            ApiRequest.TryReadPage(request, out var page, out var problem)
                ? new OkObjectResult(await scans.ListAsync(new ListScansRequest(caller.TenantId, page), cancellationToken))
                : problem!);
}

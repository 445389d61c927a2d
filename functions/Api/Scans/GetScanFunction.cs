using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scanning.GetScan;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Scans;

/// <summary>GET /api/scans/{scanId}: one scan of the tenant; another tenant's scan is "not found", as a missing one.</summary>
public sealed class GetScanFunction(ApiGate gate, GetScanQuery scans)
{
    [Function(nameof(GetScanFunction))]
    [ApiOperation("getScan", "One scan.", Policy = Policies.TenantReader, Tag = "scans")]
    [ApiResponse(200, "The scan.", Body = typeof(ScanSummary))]
    [ApiResponse(404, "No scan with this id exists in your organisation.")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scans/{scanId}")] HttpRequest request,
        string scanId,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
        {
            if (!ApiRequest.TryReadId(scanId, "scanId", out var id, out var problem))
            {
                return problem!;
            }

            return await scans.GetAsync(new GetScanRequest(caller.TenantId, id), cancellationToken) is { } scan
                ? new OkObjectResult(scan)
                : ApiProblems.NotFound("scan");
        });
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scanning.StartScan;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Scans;

/// <summary>POST /api/scans: an admin starts a scan of their tenant (202), or gets the one already queued or running (200).</summary>
public sealed class StartScanFunction(ApiGate gate, StartScanCommand startScan)
{
    [Function(nameof(StartScanFunction))]
    [ApiOperation("startScan", "Starts a scan of the organisation as the signed-in admin, or answers the scan already queued or running.", Policy = Policies.TenantAdmin, Tag = "scans")]
    [ApiResponse(202, "The scan was queued.", Body = typeof(ScanSummary))]
    [ApiResponse(200, "A scan is already queued or running: this is it.", Body = typeof(ScanSummary))]
    [ApiResponse(409, "Entra refused to let IdentityOps read the tenant as the caller (consent missing or revoked); `detail` says why.")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "scans")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantAdmin, async caller =>
        {
            var started = await startScan.StartAsync(new StartScanRequest(caller.TenantId, caller.ObjectId, caller.Principal), cancellationToken);
            return started.AlreadyActive
                ? new OkObjectResult(started.Scan)
                : new AcceptedResult($"/api/scans/{started.Scan.Id:D}", started.Scan);
        });
}

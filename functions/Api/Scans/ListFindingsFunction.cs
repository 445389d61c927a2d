using IdentityOps.Core.Findings.ListFindings;
using IdentityOps.Core.Persistence;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Scans;

/// <summary>GET /api/scans/{scanId}/findings?page=&amp;pageSize=: one scan's findings, highest score first.</summary>
public sealed class ListFindingsFunction(ApiGate gate, ListFindingsQuery findings)
{
    [Function(nameof(ListFindingsFunction))]
    [ApiOperation("listFindings", "One scan's findings, highest score first.", Policy = Policies.TenantReader, Tag = "findings")]
    [ApiPaged]
    [ApiResponse(200, "A page of findings.", Body = typeof(Page<FindingSummary>))]
    [ApiResponse(404, "No scan with this id exists in your organisation.")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scans/{scanId}/findings")] HttpRequest request,
        string scanId,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
        {
            if (!ApiRequest.TryReadId(scanId, "scanId", out var id, out var problem) || !ApiRequest.TryReadPage(request, out var page, out problem))
            {
                return problem!;
            }

            return await findings.ListAsync(new ListFindingsRequest(caller.TenantId, id, page), cancellationToken) is { } listed
                ? new OkObjectResult(listed)
                : ApiProblems.NotFound("scan");
        });
}

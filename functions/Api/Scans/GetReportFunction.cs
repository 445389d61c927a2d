using IdentityOps.Core.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Scans;

/// <summary>
/// GET /api/scans/{scanId}/report?format=html|json|csv: the CISO report (the same bytes the snapshot
/// scan writes), findings.json or findings.csv of one evaluated scan.
/// </summary>
public sealed class GetReportFunction(ApiGate gate, GetScanReportQuery reports, ReportHtmlRenderer html)
{
    [Function(nameof(GetReportFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scans/{scanId}/report")] HttpRequest request,
        string scanId,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
        {
            if (!ApiRequest.TryReadId(scanId, "scanId", out var id, out var problem))
            {
                return problem!;
            }

            var format = request.Query["format"].ToString() is { Length: > 0 } asked ? asked : "html";
            if (format is not ("html" or "json" or "csv"))
            {
                return ApiProblems.BadRequest("format", "The format is html, json or csv.");
            }

            if (await reports.RunAsync(new GetScanReportRequest(caller.TenantId, id), cancellationToken) is not { } report)
            {
                return ApiProblems.NotFound("evaluated scan");
            }

            return format switch
            {
                "json" => new FileContentResult(FindingsJsonWriter.Write(report), "application/json") { FileDownloadName = "findings.json" },
                "csv" => new FileContentResult(FindingsCsvWriter.Write(report), "text/csv; charset=utf-8") { FileDownloadName = "findings.csv" },
                _ => new FileContentResult(html.Render(report), "text/html; charset=utf-8"),
            };
        });
}

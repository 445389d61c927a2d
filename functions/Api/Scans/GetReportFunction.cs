using IdentityOps.Core.Reports;
using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Scans;

/// <summary>
/// GET /api/scans/{scanId}/report?format=html|json|csv|compliance: the CISO report (the same bytes the snapshot
/// scan writes), findings.json, findings.csv or compliance.json of one evaluated scan.
/// </summary>
public sealed class GetReportFunction(ApiGate gate, GetScanReportQuery reports, ReportHtmlRenderer html, RuleCatalog catalog)
{
    [Function(nameof(GetReportFunction))]
    [ApiOperation("getScanReport", "The report of an evaluated scan: the CISO report (HTML), findings.json, findings.csv or compliance.json.", Policy = Policies.TenantReader, Tag = "reports")]
    [ApiQuery("format", "What to download.", Allowed = ["html", "json", "csv", "compliance"], Default = "html")]
    [ApiResponse(200, "The report in the format asked for: `text/html` for html, `application/json` for json (docs/findings-schema.md) and compliance (docs/compliance.md), `text/csv` for csv.", ContentType = "text/html")]
    [ApiResponse(404, "No evaluated scan with this id exists in your organisation.")]
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
            if (format is not ("html" or "json" or "csv" or "compliance"))
            {
                return ApiProblems.BadRequest("format", "The format is html, json, csv or compliance.");
            }

            if (await reports.RunAsync(new GetScanReportRequest(caller.TenantId, id), cancellationToken) is not { } report)
            {
                return ApiProblems.NotFound("evaluated scan");
            }

            return format switch
            {
                "json" => new FileContentResult(FindingsJsonWriter.Write(report), "application/json") { FileDownloadName = "findings.json" },
                "compliance" => new FileContentResult(ComplianceJsonWriter.Write(ComplianceViewBuilder.Build(report, catalog)), "application/json") { FileDownloadName = "compliance.json" },
                "csv" => new FileContentResult(FindingsCsvWriter.Write(report), "text/csv; charset=utf-8") { FileDownloadName = "findings.csv" },
                _ => new FileContentResult(html.Render(report), "text/html; charset=utf-8"),
            };
        });
}

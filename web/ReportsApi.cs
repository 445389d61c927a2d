using System.Security.Cryptography;
using System.Text;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityOps.Web;

/// <summary>
/// The CISO report as the renderer writes it (the same bytes as <c>out/demo/report.html</c>), and
/// findings.json / findings.csv / compliance.json, for the newest evaluated scan or a chosen one of the tenant's.
/// </summary>
internal static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/report").RequireAuthorization(WebPolicies.TenantReader);
        reports.MapGet("/", GetHtmlAsync);
        reports.MapGet("/findings.json", GetJsonAsync);
        reports.MapGet("/findings.csv", GetCsvAsync);
        reports.MapGet("/compliance.json", GetComplianceAsync);
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> GetHtmlAsync(
        Guid? scan, HttpContext http, GetScanReportQuery reports, ReportHtmlRenderer renderer, CancellationToken cancellationToken)
    {
        if (await ReadAsync(scan, http, reports, cancellationToken) is not { } report)
        {
            return TypedResults.NotFound();
        }

        var html = renderer.Render(report);

        // The report is one self-contained file with its own <style>: allow exactly that block by its
        // hash, and nothing else (no script at all, no inline style attribute, no other origin).
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicyFor(html);
        return TypedResults.File(html, "text/html; charset=utf-8");
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> GetJsonAsync(Guid? scan, HttpContext http, GetScanReportQuery reports, CancellationToken cancellationToken)
        => await ReadAsync(scan, http, reports, cancellationToken) is { } report
            ? TypedResults.File(FindingsJsonWriter.Write(report), "application/json", "findings.json")
            : TypedResults.NotFound();

    internal static async Task<Results<FileContentHttpResult, NotFound>> GetCsvAsync(Guid? scan, HttpContext http, GetScanReportQuery reports, CancellationToken cancellationToken)
        => await ReadAsync(scan, http, reports, cancellationToken) is { } report
            ? TypedResults.File(FindingsCsvWriter.Write(report), "text/csv; charset=utf-8", "findings.csv")
            : TypedResults.NotFound();

    internal static async Task<Results<FileContentHttpResult, NotFound>> GetComplianceAsync(
        Guid? scan, HttpContext http, GetScanReportQuery reports, RuleCatalog catalog, CancellationToken cancellationToken)
        => await ReadAsync(scan, http, reports, cancellationToken) is { } report
            ? TypedResults.File(ComplianceJsonWriter.Write(ComplianceViewBuilder.Build(report, catalog)), "application/json", "compliance.json")
            : TypedResults.NotFound();

    /// <summary>The report's policy: its one style block by SHA-256, nothing else.</summary>
    internal static string ContentSecurityPolicyFor(byte[] html)
    {
        var text = Encoding.UTF8.GetString(html);
        var start = text.IndexOf("<style>", StringComparison.Ordinal);
        var end = text.IndexOf("</style>", StringComparison.Ordinal);
        var style = start >= 0 && end > start
            ? $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text[(start + "<style>".Length)..end])))}'"
            : " 'none'";
        return $"default-src 'none'; style-src{style}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static Task<ScanReport?> ReadAsync(Guid? scan, HttpContext http, GetScanReportQuery reports, CancellationToken cancellationToken)
    {
        var tenantId = http.User.TenantId();
        return scan is { } scanId
            ? reports.RunAsync(new GetScanReportRequest(tenantId, scanId), cancellationToken)
            : reports.LatestAsync(tenantId, cancellationToken);
    }
}

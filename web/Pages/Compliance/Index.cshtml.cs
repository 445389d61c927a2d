using IdentityOps.Core.Reports;
using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Compliance;

/// <summary>
/// The compliance view of one scan (the newest by default): each mapped control of each peer framework
/// with Pass / Fail / Not evaluated and the evidence behind it, filtered by framework and status. The same
/// view as the report's "Compliance by framework" section and compliance.json.
/// </summary>
public sealed class IndexModel(GetScanReportQuery reports, RuleCatalog catalog) : PageModel
{
    /// <summary>Findings listed under a failed rule on the page; the rest are one click away in the findings explorer.</summary>
    public const int FindingsShown = 25;

    public static IReadOnlyList<ControlStatus> Statuses { get; } = Enum.GetValues<ControlStatus>();

    [BindProperty(SupportsGet = true)]
    public Guid? Scan { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Framework { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public ComplianceView? View { get; private set; }

    /// <summary>The frameworks shown, each with only the controls the status filter keeps. An unknown filter value matches nothing.</summary>
    public IReadOnlyList<ComplianceFramework> Shown { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var tenantId = User.TenantId();
        var report = Scan is { } scanId
            ? await reports.RunAsync(new GetScanReportRequest(tenantId, scanId), cancellationToken)
            : await reports.LatestAsync(tenantId, cancellationToken);
        if (report is null)
        {
            // Another tenant's scan id gets the answer an unknown one gets.
            return Scan is null ? Page() : NotFound();
        }

        View = ComplianceViewBuilder.Build(report, catalog);
        Shown = [.. View.Frameworks
            .Where(f => string.IsNullOrEmpty(Framework) || string.Equals(f.Name, Framework, StringComparison.Ordinal))
            .Select(f => f with { Controls = [.. f.Controls.Where(c => string.IsNullOrEmpty(Status) || string.Equals(c.Status.Key(), Status, StringComparison.Ordinal))] })];
        return Page();
    }
}

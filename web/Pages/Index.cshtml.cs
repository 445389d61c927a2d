using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Scanning.ListScans;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages;

/// <summary>The dashboard: the newest evaluated scan's score, trend and top risks, and any scan in progress.</summary>
public sealed class IndexModel(GetScanReportQuery reports, ListScansQuery scans) : PageModel
{
    public ScanReport? Report { get; private set; }

    public ScanSummary? Latest { get; private set; }

    public IReadOnlyList<ReportFinding> TopRisks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var tenantId = User.TenantId();
        Report = await reports.LatestAsync(tenantId, cancellationToken);
        Latest = (await scans.ListAsync(new ListScansRequest(tenantId, new PageRequest(1, 1)), cancellationToken)).Items is [var newest, ..] ? newest : null;
        TopRisks = Report?.Findings.Where(f => !f.IsAccepted).Take(10).ToList() ?? [];
    }
}

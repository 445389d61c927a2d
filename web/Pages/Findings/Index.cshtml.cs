using IdentityOps.Core.Findings;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Findings;

/// <summary>
/// The findings explorer: one scan's findings (the newest by default), filtered by severity,
/// category, object type and "new since the previous scan", sorted by the admin's choice.
/// Unknown filter values match nothing rather than everything.
/// </summary>
public sealed class IndexModel(GetScanReportQuery reports) : PageModel
{
    public static IReadOnlyList<string> Sorts { get; } = ["severity", "object", "rule", "category"];

    [BindProperty(SupportsGet = true)]
    public Guid? Scan { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? ObjectType { get; set; }

    [BindProperty(SupportsGet = true, Name = "new")]
    public bool NewOnly { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "severity";

    public ScanReport? Report { get; private set; }

    public IReadOnlyList<ReportFinding> Shown { get; private set; } = [];

    public IReadOnlyList<string> Categories { get; private set; } = [];

    public IReadOnlyList<string> ObjectTypes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var tenantId = User.TenantId();
        Report = Scan is { } scanId
            ? await reports.RunAsync(new GetScanReportRequest(tenantId, scanId), cancellationToken)
            : await reports.LatestAsync(tenantId, cancellationToken);
        if (Report is null)
        {
            // Another tenant's scan id gets the answer an unknown one gets.
            return Scan is null ? Page() : NotFound();
        }

        Categories = Report.Findings.Select(f => f.Finding.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        ObjectTypes = Report.Findings.Select(f => f.Finding.ObjectType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var newKeys = Report.New.ToHashSet();
        IEnumerable<ReportFinding> shown = Report.Findings;
        if (!string.IsNullOrEmpty(Severity))
        {
            shown = shown.Where(f => string.Equals(f.Rule.Severity.ToString(), Severity, StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrEmpty(Category))
        {
            shown = shown.Where(f => string.Equals(f.Finding.Category, Category, StringComparison.Ordinal));
        }

        if (!string.IsNullOrEmpty(ObjectType))
        {
            shown = shown.Where(f => string.Equals(f.Finding.ObjectType, ObjectType, StringComparison.Ordinal));
        }

        if (NewOnly)
        {
            shown = shown.Where(f => newKeys.Contains(f.Key));
        }

        Shown = (Sort switch
        {
            "object" => shown.OrderBy(f => f.Finding.ObjectDisplayName ?? f.Finding.ObjectId, StringComparer.OrdinalIgnoreCase).ThenByDescending(f => f.Finding.Score),
            "rule" => shown.OrderBy(f => f.Finding.RuleId, StringComparer.Ordinal).ThenByDescending(f => f.Finding.Score),
            "category" => shown.OrderBy(f => f.Finding.Category, StringComparer.Ordinal).ThenByDescending(f => f.Rule.Severity).ThenByDescending(f => f.Finding.Score),
            _ => shown.OrderByDescending(f => f.Rule.Severity).ThenByDescending(f => f.Finding.Score),
        }).ToList();
        IsNew = newKeys.Contains;
        return Page();
    }

    public Func<FindingKey, bool> IsNew { get; private set; } = _ => false;

    public static IReadOnlyList<Severity> Severities { get; } = [Core.Rules.Severity.Critical, Core.Rules.Severity.High, Core.Rules.Severity.Medium, Core.Rules.Severity.Low, Core.Rules.Severity.Info];
}

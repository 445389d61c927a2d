using System.Text.Json;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Findings.GetFinding;
using IdentityOps.Core.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Findings;

/// <summary>One finding: its templated explanation and remediation, and the evidence every sentence came from.</summary>
public sealed class DetailModel(GetFindingQuery findings) : PageModel
{
    public ReportFinding? Finding { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> Evidence { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Finding = await findings.GetAsync(new GetFindingRequest(User.TenantId(), id), cancellationToken);
        if (Finding is null)
        {
            return NotFound();
        }

        using var evidence = JsonDocument.Parse(Finding.Finding.Evidence);
        Evidence = evidence.RootElement.ValueKind == JsonValueKind.Object
            ? evidence.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText())).ToList()
            : [];
        return Page();
    }
}

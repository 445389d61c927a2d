using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning.ListScans;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Scans;

/// <summary>Scan history, newest first, a page at a time; admins start a scan from here.</summary>
public sealed class IndexModel(ListScansQuery scans, IAuthorizationService authorization) : PageModel
{
    private const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<ScanSummary> Scans { get; private set; } = new([], 1, PageSize, 0);

    public bool CanStart { get; private set; }

    /// <summary>The outcome of a start request, carried in the redirect's query (a fixed word, never free text).</summary>
    [BindProperty(SupportsGet = true, Name = "started")]
    public string? Started { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(Math.Clamp(PageNumber, 1, 100_000), PageSize);
        Scans = await scans.ListAsync(new ListScansRequest(User.TenantId(), request), cancellationToken);
        CanStart = (await authorization.AuthorizeAsync(User, WebPolicies.TenantAdmin)).Succeeded;
    }
}

using IdentityOps.Core.Scanning.StartScan;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Scans;

/// <summary>Starts a scan as the signed-in admin (POST only, antiforgery checked by Razor Pages).</summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class StartModel(StartScanCommand start) : PageModel
{
    public string? Problem { get; private set; }

    public IActionResult OnGet() => RedirectToPage("/Scans/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await start.StartAsync(new StartScanRequest(User.TenantId(), User.ObjectId(), User), cancellationToken);
            return Redirect(result.AlreadyActive ? "/scans?started=active" : "/scans?started=queued");
        }
        catch (DelegatedAccessException refused)
        {
            // Consent revoked, application removed, or the sign-in's tokens are gone: say so plainly.
            Problem = refused.Failure.Explanation;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }
}

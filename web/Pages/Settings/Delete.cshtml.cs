using IdentityOps.Core.Lifecycle.DeleteTenantNow;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Settings;

/// <summary>
/// Immediate deletion in two steps: a request that issues a single-use token valid for 90 seconds,
/// then a confirmation that spends it and ends access at once. A replayed, expired or foreign token
/// confirms nothing. The web app holds no purge credential: the purge job deletes the rows within a
/// minute and keeps the receipt on the operators' chain.
/// </summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class DeleteModel : PageModel
{
    public TenantDeletionChallenge? Confirmation { get; private set; }

    public bool Refused { get; private set; }

    /// <summary>When the purge became due (the confirmation), once confirmed.</summary>
    public DateTimeOffset? PurgeDueAt { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostRequestAsync([FromServices] RequestTenantDeletionCommand request, CancellationToken cancellationToken)
        => Confirmation = await request.RequestAsync(new RequestTenantDeletionRequest(User.TenantId(), User.ObjectId()), cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync([FromForm] string? token, [FromServices] ConfirmTenantDeletionCommand confirm, CancellationToken cancellationToken)
    {
        var result = await confirm.ConfirmAsync(new ConfirmTenantDeletionRequest(User.TenantId(), User.ObjectId(), token ?? string.Empty), cancellationToken);
        if (result.Outcome == TenantDeletionOutcome.Refused)
        {
            Refused = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        PurgeDueAt = result.PurgeDueAt;

        // The organisation is offboarding and about to be purged, session rows included: end the sign-in here too.
        await HttpContext.SignOutAsync();
        return Page();
    }
}

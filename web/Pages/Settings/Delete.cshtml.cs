using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Lifecycle.DeleteTenantNow;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Settings;

/// <summary>
/// Immediate deletion in two steps: a request that issues a single-use token valid for 90 seconds,
/// then a confirmation that spends it. A replayed, expired or foreign token deletes nothing.
/// </summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class DeleteModel : PageModel
{
    public TenantDeletionChallenge? Confirmation { get; private set; }

    public bool Refused { get; private set; }

    public DeletionReceipt? Receipt { get; private set; }

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

        Receipt = result.Receipt;

        // Nothing of the tenant is left, the session row included: end the sign-in in this browser too.
        await HttpContext.SignOutAsync();
        return Page();
    }
}

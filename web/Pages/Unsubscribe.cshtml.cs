using IdentityOps.Core.Alerts.Unsubscribe;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages;

/// <summary>
/// The link in every alert e-mail. GET only shows a button (mail scanners follow links); POST
/// unsubscribes. The signed, expiring token is the authority here, not a sign-in, and RFC 8058
/// one-click posts come from mail providers without a form token, so antiforgery is off for this page.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(UnsubscribeCommand unsubscribe) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public UnsubscribeOutcome? Outcome { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        Outcome = await unsubscribe.UnsubscribeAsync(new UnsubscribeRequest(Token), cancellationToken);
        if (Outcome == UnsubscribeOutcome.InvalidToken)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}

using IdentityOps.Core.Lifecycle.Subscription;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Tenancy.GetTenantStanding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages;

/// <summary>
/// The one page an offboarding organisation still reaches (any signed-in user of it sees where it
/// stands; only a team admin may restore). Everything else stops on day 0.
/// </summary>
/// <remarks>
/// Exempt from the team policy (an offboarding organisation has no active team) but not from sign-in:
/// every handler challenges an anonymous request itself.
/// </remarks>
public sealed class SubscriptionModel(GetTenantStandingQuery standing) : PageModel
{
    public TenantStanding? Standing { get; private set; }

    public bool Restored { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        Standing = await standing.GetAsync(new GetTenantStandingRequest(User.TenantId(), User.ObjectId()), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync([FromServices] RestoreSubscriptionCommand restore, CancellationToken cancellationToken)
    {
        if (await OnGetAsync(cancellationToken) is not PageResult)
        {
            return Challenge();
        }

        if (Standing is not { Role: TeamRole.Admin, Status: TenantStatus.Offboarding })
        {
            return Forbid();
        }

        Restored = await restore.RestoreAsync(new ChangeSubscriptionRequest(User.TenantId(), User.ObjectId()), cancellationToken);
        return Restored ? Redirect("/") : Page();
    }
}

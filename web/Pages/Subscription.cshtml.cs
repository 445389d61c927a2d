using IdentityOps.Core.Lifecycle.Subscription;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Tenancy.GetTenantStanding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages;

/// <summary>
/// The one page an offboarding organisation still reaches (any signed-in user of it sees where it
/// stands; only a team admin may restore). Everything else stops on day 0.
/// </summary>
[Authorize]
public sealed class SubscriptionModel(GetTenantStandingQuery standing) : PageModel
{
    public TenantStanding? Standing { get; private set; }

    public bool Restored { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
        => Standing = await standing.GetAsync(new GetTenantStandingRequest(User.TenantId(), User.ObjectId()), cancellationToken);

    public async Task<IActionResult> OnPostRestoreAsync([FromServices] RestoreSubscriptionCommand restore, CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        if (Standing is not { Role: TeamRole.Admin, Status: TenantStatus.Offboarding })
        {
            return Forbid();
        }

        Restored = await restore.RestoreAsync(new ChangeSubscriptionRequest(User.TenantId(), User.ObjectId()), cancellationToken);
        return Restored ? Redirect("/") : Page();
    }
}

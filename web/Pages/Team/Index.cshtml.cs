using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Tenancy.Team;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Team;

/// <summary>Who of the organisation may use IdentityOps: admins (scans, settings, alerts) and readers (dashboards, reports).</summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class IndexModel(ListTeamQuery team) : PageModel
{
    public IReadOnlyList<TeamMemberView> Members { get; private set; } = [];

    public TeamChangeOutcome? Outcome { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
        => Members = await team.ListAsync(new ListTeamRequest(User.TenantId()), cancellationToken);

    public async Task<IActionResult> OnPostAddAsync([FromForm] string? userPrincipalName, [FromForm] TeamRole role, [FromServices] AddTeamMemberCommand add, CancellationToken cancellationToken)
    {
        Outcome = await add.AddAsync(new AddTeamMemberRequest(User.TenantId(), User.ObjectId(), userPrincipalName ?? string.Empty, role), cancellationToken);
        return await AfterChangeAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync([FromForm] Guid userObjectId, [FromServices] RemoveTeamMemberCommand remove, CancellationToken cancellationToken)
    {
        Outcome = await remove.RemoveAsync(new RemoveTeamMemberRequest(User.TenantId(), User.ObjectId(), userObjectId), cancellationToken);
        return await AfterChangeAsync(cancellationToken);
    }

    private async Task<IActionResult> AfterChangeAsync(CancellationToken cancellationToken)
    {
        if (Outcome == TeamChangeOutcome.Done)
        {
            return Redirect("/team");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await OnGetAsync(cancellationToken);
        return Page();
    }
}

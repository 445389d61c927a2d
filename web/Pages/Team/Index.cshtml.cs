using IdentityOps.Core.Team;
using IdentityOps.Core.Tenancy;
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

    /// <summary>
    /// Who to add. A bound property rather than a handler argument: MVC logs every handler argument
    /// at Trace ("Executing handler method … with arguments"), and a person's sign-in name is no log's business.
    /// </summary>
    [BindProperty]
    public string? UserPrincipalName { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
        => Members = await team.ListAsync(new ListTeamRequest(User.TenantId()), cancellationToken);

    public async Task<IActionResult> OnPostAddAsync([FromForm] TeamRole role, [FromServices] AddTeamMemberCommand add, CancellationToken cancellationToken)
    {
        Outcome = await add.AddAsync(new AddTeamMemberRequest(User.TenantId(), User.ObjectId(), UserPrincipalName ?? string.Empty, role), cancellationToken);
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

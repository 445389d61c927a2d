using IdentityOps.Core.Findings.GetApplicationDetail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Apps;

/// <summary>One application: registration and enterprise app, credential timeline, permissions, owners and findings.</summary>
public sealed class DetailModel(GetApplicationDetailQuery applications, TimeProvider time) : PageModel
{
    public ApplicationDetail? App { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        App = await applications.GetAsync(new GetApplicationDetailRequest(User.TenantId(), id), cancellationToken);
        Now = time.GetUtcNow();
        return App is null ? NotFound() : Page();
    }
}

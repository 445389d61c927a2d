using IdentityOps.Core.Alerts.ManageWebhooks;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Settings;

/// <summary>Adds a webhook endpoint; its signing secret is shown on the response page once, and stored only encrypted.</summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class WebhookModel(CreateWebhookEndpointCommand create) : PageModel
{
    [BindProperty(Name = "url")]
    public string? EndpointUrl { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public WebhookSecretShown? Created { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await create.CreateAsync(new CreateWebhookEndpointRequest(User.TenantId(), User.ObjectId(), EndpointUrl, Description), cancellationToken);
        Created = result.Created;
        Errors = result.Errors;
        if (Created is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        // The secret must not be kept by any cache between here and the admin's screen.
        Response.Headers.CacheControl = "no-store";
    }
}

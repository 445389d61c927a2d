using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.ListAlertConfigurations;
using IdentityOps.Core.Alerts.ListDeliveries;
using IdentityOps.Core.Alerts.ListWebhooks;
using IdentityOps.Core.Lifecycle.ExportTenantData;
using IdentityOps.Core.Lifecycle.Subscription;
using IdentityOps.Core.Tenancy.GetTenantStanding;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Settings;

/// <summary>Settings for admins: alerts, the subscription (cancel), the export of everything, and deletion.</summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class IndexModel(GetTenantStandingQuery standing, ListAlertConfigurationsQuery alerts, ListAlertDeliveriesQuery deliveries, ListWebhookEndpointsQuery webhooks) : PageModel
{
    public TenantStanding? Standing { get; private set; }

    public IReadOnlyList<AlertConfigurationView> Alerts { get; private set; } = [];

    /// <summary>Recent e-mails and webhook deliveries, failures and attempts included.</summary>
    public IReadOnlyList<AlertDeliveryView> Deliveries { get; private set; } = [];

    public IReadOnlyList<WebhookEndpointView> Webhooks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Standing = await standing.GetAsync(new GetTenantStandingRequest(User.TenantId(), User.ObjectId()), cancellationToken);
        Alerts = await alerts.ListAsync(new ListAlertConfigurationsRequest(User.TenantId()), cancellationToken);
        Deliveries = await deliveries.ListAsync(new ListAlertDeliveriesRequest(User.TenantId(), Limit: 20), cancellationToken);
        Webhooks = await webhooks.ListAsync(new ListWebhookEndpointsRequest(User.TenantId()), cancellationToken);
    }

    /// <summary>Day 0 of offboarding: access stops now; the restore page stays open to admins for 30 days.</summary>
    public async Task<IActionResult> OnPostCancelAsync([FromServices] CancelSubscriptionCommand cancel, CancellationToken cancellationToken)
    {
        await cancel.CancelAsync(new ChangeSubscriptionRequest(User.TenantId(), User.ObjectId()), cancellationToken);
        return Redirect("/subscription");
    }

    /// <summary>Everything the tenant has, as a zip of JSON files with a manifest (no tokens, no ciphertext).</summary>
    public async Task<IActionResult> OnPostExportAsync([FromServices] ExportTenantDataQuery export, CancellationToken cancellationToken)
    {
        var archive = new MemoryStream();
        await export.WriteAsync(new ExportTenantDataRequest(User.TenantId(), User.ObjectId()), archive, cancellationToken);
        archive.Position = 0;
        return File(archive, "application/zip", $"identityops-export-{User.TenantId():D}.zip");
    }
}

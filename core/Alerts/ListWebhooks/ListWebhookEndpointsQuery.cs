using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.ListWebhooks;

public sealed record ListWebhookEndpointsRequest(Guid TenantId);

/// <summary>A webhook endpoint as the settings page shows it: never its secret, which was shown once at creation.</summary>
public sealed record WebhookEndpointView(Guid Id, string Url, string Description, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt);

public sealed class ListWebhookEndpointsQuery(IdentityOpsDbContext db)
{
    public Task<IReadOnlyList<WebhookEndpointView>> ListAsync(ListWebhookEndpointsRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync<IReadOnlyList<WebhookEndpointView>>(
            async ct => await db.WebhookEndpoints.AsNoTracking()
                .Where(e => e.TenantId == request.TenantId)
                .OrderBy(e => e.CreatedAt)
                .Select(e => new WebhookEndpointView(e.Id, e.Url, e.Description, e.Enabled, e.CreatedAt, e.RotatedAt))
                .ToListAsync(ct),
            cancellationToken);
}

using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.ListWebhooks;

public sealed record ListWebhookEndpointsRequest(Guid TenantId);

/// <summary>
/// A webhook endpoint as the settings page shows it: never its signing secret (shown once at creation), and of
/// its URL only the origin and a fingerprint — the path and query are the receiver's bearer secret.
/// </summary>
public sealed record WebhookEndpointView(Guid Id, string Origin, string Fingerprint, string Description, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt);

public sealed class ListWebhookEndpointsQuery(IdentityOpsDbContext db)
{
    public Task<IReadOnlyList<WebhookEndpointView>> ListAsync(ListWebhookEndpointsRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync<IReadOnlyList<WebhookEndpointView>>(
            async ct => await db.WebhookEndpoints.AsNoTracking()
                .Where(e => e.TenantId == request.TenantId)
                .OrderBy(e => e.CreatedAt)
                .Select(e => new WebhookEndpointView(e.Id, e.UrlOrigin, e.UrlFingerprint, e.Description, e.Enabled, e.CreatedAt, e.RotatedAt))
                .ToListAsync(ct),
            cancellationToken);
}

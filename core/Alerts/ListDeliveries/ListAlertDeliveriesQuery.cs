using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.ListDeliveries;

public sealed record ListAlertDeliveriesRequest(Guid TenantId, int Limit = 100);

/// <summary>
/// One e-mail or webhook delivery as the UI and the reader API show it: where it stands, how many attempts, the
/// last error. A webhook's <see cref="Destination"/> is its origin only (<c>https://hooks.slack.com</c>): readers
/// see this list, and a webhook's path and query are a bearer secret.
/// </summary>
public sealed record AlertDeliveryView(
    string Channel,
    Guid Id,
    string Destination,
    string Period,
    string Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);

/// <summary>The tenant's recent alert e-mails and webhook deliveries, newest first, failures included (for the alerts page).</summary>
public sealed class ListAlertDeliveriesQuery(IdentityOpsDbContext db)
{
    public Task<IReadOnlyList<AlertDeliveryView>> ListAsync(ListAlertDeliveriesRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var limit = Math.Clamp(request.Limit, 1, 500);
                var mails = await db.AlertDeliveries.AsNoTracking()
                    .Where(d => d.TenantId == request.TenantId)
                    .OrderByDescending(d => d.CreatedAt).Take(limit)
                    .Select(d => new AlertDeliveryView("email", d.Id, d.Recipient, d.Period, d.Status.ToString(), d.Attempts, d.NextAttemptAt, d.LastError, d.CreatedAt, d.SentAt))
                    .ToListAsync(ct);
                var hooks = await (
                        from d in db.WebhookDeliveries.AsNoTracking()
                        join e in db.WebhookEndpoints.AsNoTracking() on new { d.TenantId, d.EndpointId } equals new { e.TenantId, EndpointId = e.Id }
                        where d.TenantId == request.TenantId
                        orderby d.CreatedAt descending
                        select new AlertDeliveryView("webhook", d.Id, e.UrlOrigin, d.MessageId, d.Status.ToString(), d.Attempts, d.NextAttemptAt, d.LastError, d.CreatedAt, d.DeliveredAt))
                    .Take(limit)
                    .ToListAsync(ct);
                return (IReadOnlyList<AlertDeliveryView>)[.. mails.Concat(hooks).OrderByDescending(v => v.CreatedAt).Take(limit)];
            },
            cancellationToken);
}

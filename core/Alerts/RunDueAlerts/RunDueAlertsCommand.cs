using IdentityOps.Core.Alerts.DeliverWebhooks;
using IdentityOps.Core.Alerts.Delivery;
using IdentityOps.Core.Alerts.Digests;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Alerts.RunDueAlerts;

public sealed record RunDueAlertsResult(int Tenants, int Queued, int Sent, int Retrying, int Failed, int MarkedUnknown, int WebhooksDelivered, int WebhooksFailed);

/// <summary>
/// One pass of the alert timer (the Functions timer, or the web host's demo runner): the scheduler role
/// lists the active tenants that have alert settings; then, one tenant at a time in a scope of its own
/// (the tenant context set, both walls up), due alerts are computed from stored metadata, queued in
/// the outbox, and sent. Safe to run twice at once: the outbox keys and row claims keep one message per
/// recipient per period. One tenant's failure does not stop the others.
/// </summary>
public sealed partial class RunDueAlertsCommand(SchedulerDataSource scheduler, IServiceScopeFactory scopes, ILogger<RunDueAlertsCommand> logger)
{
    public async Task<RunDueAlertsResult> RunAsync(CancellationToken cancellationToken)
    {
        var tenants = await scheduler.TenantsWithAlertsAsync(cancellationToken);
        var total = new RunDueAlertsResult(tenants.Count, 0, 0, 0, 0, 0, 0, 0);
        foreach (var tenantId in tenants)
        {
            try
            {
                total = Add(total, await RunTenantAsync(tenantId, cancellationToken));
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogTenantFailed(tenantId, error.GetType().Name);
            }
        }

        return total;
    }

    private async Task<RunDueAlertsResult> RunTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<TenantContext>().Set(tenantId);
        var due = await services.GetRequiredService<ComputeDueDigestsCommand>().ComputeAsync(new ComputeDueDigestsRequest(tenantId), cancellationToken);
        var queued = due.Count == 0 ? 0 : await services.GetRequiredService<QueueDueAlertsCommand>().QueueAsync(new QueueDueAlertsRequest(tenantId, due), cancellationToken);
        var mail = await services.GetRequiredService<SendPendingAlertsCommand>().SendAsync(new SendPendingAlertsRequest(tenantId), cancellationToken);
        var hooks = await services.GetRequiredService<DeliverWebhooksCommand>().DeliverAsync(new DeliverWebhooksRequest(tenantId), cancellationToken);
        return new RunDueAlertsResult(1, queued, mail.Sent, mail.Retrying + hooks.Retrying, mail.Failed, mail.MarkedUnknown, hooks.Delivered, hooks.Failed);
    }

    private static RunDueAlertsResult Add(RunDueAlertsResult a, RunDueAlertsResult b)
        => new(a.Tenants, a.Queued + b.Queued, a.Sent + b.Sent, a.Retrying + b.Retrying, a.Failed + b.Failed, a.MarkedUnknown + b.MarkedUnknown, a.WebhooksDelivered + b.WebhooksDelivered, a.WebhooksFailed + b.WebhooksFailed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alerts of tenant {TenantId} could not be run this time ({ErrorType}); the next run tries again")]
    private partial void LogTenantFailed(Guid tenantId, string errorType);
}

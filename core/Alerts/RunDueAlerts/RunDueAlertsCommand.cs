using System.ComponentModel.DataAnnotations;
using IdentityOps.Core.Alerts.DeliverWebhooks;
using IdentityOps.Core.Alerts.Delivery;
using IdentityOps.Core.Alerts.Digests;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IdentityOps.Core.Alerts.RunDueAlerts;

/// <summary>Where the alert scheduler connects: a login in the <c>identityops_scheduler</c> role. Bound from <c>Database</c>.</summary>
public sealed class SchedulerDatabaseOptions
{
    [Required]
    public string SchedulerConnectionString { get; set; } = string.Empty;
}

/// <summary>The scheduler role's connections: it sees active tenants and their alert settings, nothing else.</summary>
public sealed class SchedulerDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

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
        var tenants = new List<Guid>();
        await using (var command = scheduler.DataSource.CreateCommand(
            "SELECT DISTINCT a.tenant_id FROM alert_configurations a JOIN tenants t ON t.id = a.tenant_id ORDER BY 1"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tenants.Add(reader.GetGuid(0));
            }
        }

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

using IdentityOps.Core.Alerts.RunDueAlerts;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Alerts;

/// <summary>
/// Every 5 minutes: due digests and at-once alerts are computed from stored metadata, queued, and sent;
/// retries (e-mail and webhooks) whose backoff has passed go out too. Firing twice, or on two instances,
/// sends nothing twice (the outbox's keys and row claims).
/// </summary>
public sealed class AlertsTimerFunction(RunDueAlertsCommand alerts)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(AlertsTimerFunction))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => alerts.RunAsync(cancellationToken);
}

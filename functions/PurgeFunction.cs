using IdentityOps.Core.Lifecycle;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions;

/// <summary>
/// Every minute (<see cref="PurgeSchedule"/>): purges the tenants whose purge is due (the 30-day restore window
/// ended, or the admin confirmed deletion now), then anchors the operators' audit chain head if it moved.
/// </summary>
public sealed class PurgeFunction(PurgeDueTenantsCommand purge)
{
    [Function(nameof(PurgeFunction))]
    public Task RunAsync([TimerTrigger(PurgeSchedule.Cron)] TimerInfo timer, CancellationToken cancellationToken)
        => purge.RunAsync(cancellationToken);
}

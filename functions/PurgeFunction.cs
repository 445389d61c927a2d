using IdentityOps.Core.Lifecycle;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions;

/// <summary>Daily at 02:30 UTC: purges the tenants whose 30-day restore window has ended, then anchors the operators' audit chain head.</summary>
public sealed class PurgeFunction(PurgeDueTenantsCommand purge)
{
    [Function(nameof(PurgeFunction))]
    public Task RunAsync([TimerTrigger(PurgeSchedule.Cron)] TimerInfo timer, CancellationToken cancellationToken)
        => purge.RunAsync(cancellationToken);
}

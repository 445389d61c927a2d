using IdentityOps.Core.Scanning.ProcessScanJob;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Scans;

/// <summary>A scan job that failed every delivery: its scan is marked failed (if the last delivery did not already say why) and its session ends.</summary>
public sealed class ScanJobPoisonFunction(AbandonScanJobCommand abandon)
{
    [Function(nameof(ScanJobPoisonFunction))]
    public Task RunAsync(
        [QueueTrigger(ScanJobOptions.PoisonQueueName, Connection = StorageScanJobSender.ConnectionName)] string message,
        CancellationToken cancellationToken)
        => ScanJob.Parse(message) is { } job ? abandon.RunAsync(job, cancellationToken) : Task.CompletedTask;
}

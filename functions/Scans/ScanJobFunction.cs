using IdentityOps.Core.Scanning.ProcessScanJob;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Functions.Scans;

/// <summary>
/// The scan worker: one message of <c>scan-jobs</c> runs one scan. A failure is thrown back to the
/// host, which delivers the message again (host.json <c>maxDequeueCount</c>) and then moves it to
/// <c>scan-jobs-poison</c>; the last delivery records the reason on the scan first.
/// </summary>
public sealed partial class ScanJobFunction(ProcessScanJobCommand process, IOptions<ScanJobOptions> options, ILogger<ScanJobFunction> logger)
{
    [Function(nameof(ScanJobFunction))]
    public async Task RunAsync(
        [QueueTrigger(ScanJobOptions.QueueName, Connection = StorageScanJobSender.ConnectionName)] string message,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        // No delivery can make a malformed message valid: it is dropped, not retried.
        if (ScanJob.Parse(message) is not { } job)
        {
            LogMalformed();
            return;
        }

        await process.RunAsync(new ProcessScanJobRequest(job, QueueDelivery.Count(context), options.Value.MaxDequeueCount), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A scan job message was not a valid job and was dropped")]
    private partial void LogMalformed();
}

/// <summary>Which delivery of a queue message this is, from the trigger's binding data.</summary>
public static class QueueDelivery
{
    public static int Count(FunctionContext context)
        => context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value)
           && int.TryParse(value?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
           && count > 0
            ? count
            : 1;
}

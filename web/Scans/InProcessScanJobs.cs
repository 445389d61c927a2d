using System.Threading.Channels;
using IdentityOps.Core.Scanning.ProcessScanJob;
using Microsoft.Extensions.Options;

namespace IdentityOps.Web.Scans;

/// <summary>
/// The web app's scan queue: the same jobs the Functions worker takes from Azure Storage, run here
/// by <see cref="InProcessScanJobRunner"/> with the same core command (one implementation, two thin
/// hosts). Used locally and in the demo, where no Functions host runs.
/// </summary>
public sealed class InProcessScanJobChannel(TimeProvider time) : IScanJobSender
{
    private readonly Channel<ScanJob> jobs = Channel.CreateUnbounded<ScanJob>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<ScanJob> Reader => jobs.Reader;

    public Task SendAsync(ScanJob job, CancellationToken cancellationToken) => jobs.Writer.WriteAsync(job, cancellationToken).AsTask();

    /// <summary>
    /// A checkpointed scan's next delivery (a long Graph 429): it joins the channel once the delay has
    /// passed, as a queue message with a visibility timeout would. Returns at once, like the queue.
    /// </summary>
    public Task SendAsync(ScanJob job, TimeSpan visibilityDelay, CancellationToken cancellationToken)
    {
        _ = Task.Run(
            async () =>
            {
                await Task.Delay(visibilityDelay, time, CancellationToken.None);
                await jobs.Writer.WriteAsync(job, CancellationToken.None);
            },
            CancellationToken.None);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Runs queued scan jobs one at a time, each in its own scope (its own tenant context), with the
/// queue's delivery semantics: a failed delivery is tried again after a pause, up to the configured
/// count, and the last one records the reason on the scan (as the poison queue does).
/// </summary>
public sealed partial class InProcessScanJobRunner(
    InProcessScanJobChannel queue,
    IServiceScopeFactory scopes,
    IOptions<ScanJobOptions> options,
    TimeProvider time,
    ILogger<InProcessScanJobRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await RunAsync(job, stoppingToken);
        }
    }

    /// <summary>One job through every delivery it gets.</summary>
    public async Task RunAsync(ScanJob job, CancellationToken cancellationToken)
    {
        var maxDeliveries = options.Value.MaxDequeueCount;
        for (var delivery = 1; delivery <= maxDeliveries; delivery++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var process = scope.ServiceProvider.GetRequiredService<ProcessScanJobCommand>();
                await process.RunAsync(new ProcessScanJobRequest(job, delivery, maxDeliveries), cancellationToken);
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogDeliveryFailed(error, job.TenantId, job.ScanId, delivery);
                if (delivery < maxDeliveries)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 << delivery)), time, cancellationToken);
                }
            }
        }

        await using var poison = scopes.CreateAsyncScope();
        await poison.ServiceProvider.GetRequiredService<AbandonScanJobCommand>().RunAsync(job, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan {ScanId} of tenant {TenantId}: delivery {Delivery} failed")]
    private partial void LogDeliveryFailed(Exception error, Guid tenantId, Guid scanId, int delivery);
}

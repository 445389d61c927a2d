using Azure.Storage.Queues;
using IdentityOps.Core.Scanning.ProcessScanJob;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Functions.Scans;

/// <summary>
/// Sends scan jobs to the Azure Storage queue the worker's trigger reads, through the same
/// connection (<c>AzureWebJobsStorage</c>). Messages are base64, as the Functions queue trigger expects.
/// </summary>
public sealed class StorageScanJobSender(IConfiguration configuration) : IScanJobSender, IDisposable
{
    public const string ConnectionName = "AzureWebJobsStorage";

    private readonly SemaphoreSlim creating = new(1, 1);
    private QueueClient? queue;

    /// <summary>Azure Storage refuses a visibility timeout beyond 7 days.</summary>
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7);

    public Task SendAsync(ScanJob job, CancellationToken cancellationToken) => SendAsync(job, TimeSpan.Zero, cancellationToken);

    public async Task SendAsync(ScanJob job, TimeSpan visibilityDelay, CancellationToken cancellationToken)
    {
        var client = await QueueAsync(cancellationToken);
        var delay = visibilityDelay <= TimeSpan.Zero ? (TimeSpan?)null : visibilityDelay > MaxVisibilityDelay ? MaxVisibilityDelay : visibilityDelay;
        await client.SendMessageAsync(job.ToJson(), visibilityTimeout: delay, cancellationToken: cancellationToken);
    }

    public void Dispose() => creating.Dispose();

    // Created once it has worked: a storage account that was unreachable at the first send is tried again at the next.
    private async Task<QueueClient> QueueAsync(CancellationToken cancellationToken)
    {
        if (queue is { } ready)
        {
            return ready;
        }

        await creating.WaitAsync(cancellationToken);
        try
        {
            if (queue is null)
            {
                var connection = configuration[ConnectionName];
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new InvalidOperationException($"{ConnectionName} is not set: scan jobs cannot be queued.");
                }

                var client = new QueueClient(connection, ScanJobOptions.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
                await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                queue = client;
            }

            return queue;
        }
        finally
        {
            creating.Release();
        }
    }
}

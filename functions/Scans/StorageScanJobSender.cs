using Azure.Storage.Queues;
using IdentityOps.Core.Scans.ProcessScanJob;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Functions.Scans;

/// <summary>
/// Sends scan jobs to the Azure Storage queue the worker's trigger reads, through the same
/// connection (<c>AzureWebJobsStorage</c>). Messages are base64, as the Functions queue trigger expects.
/// </summary>
public sealed class StorageScanJobSender(IConfiguration configuration) : IScanJobSender
{
    public const string ConnectionName = "AzureWebJobsStorage";

    private readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var connection = configuration[ConnectionName];
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException($"{ConnectionName} is not set: scan jobs cannot be queued.");
        }

        var client = new QueueClient(connection, ScanJobOptions.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task SendAsync(ScanJob job, CancellationToken cancellationToken)
    {
        var client = await queue.Value;
        await client.SendMessageAsync(job.ToJson(), cancellationToken);
    }
}

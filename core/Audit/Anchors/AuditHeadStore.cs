using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Audit.Anchors;

/// <summary>
/// An append-only store of signed heads outside PostgreSQL: whoever can rewrite the database (and
/// delete its anchor rows) cannot take back a head once it is published here.
/// </summary>
public interface IAuditHeadStore
{
    /// <summary>Where heads go, for evidence ("Azure Blob container audit-heads at …").</summary>
    string Location { get; }

    /// <summary>Publishes a head under a name of its own; a name already taken is refused, never overwritten.</summary>
    /// <exception cref="AuditHeadAlreadyPublishedException">A head was already published under that name.</exception>
    Task PublishAsync(SignedAuditHead head, CancellationToken cancellationToken);

    /// <summary>The head of <paramref name="chain"/> with the highest sequence published, or null.</summary>
    Task<SignedAuditHead?> LatestAsync(string chain, CancellationToken cancellationToken);
}

public sealed class AuditHeadAlreadyPublishedException(string name, Exception inner)
    : InvalidOperationException($"An audit head is already published as {name}; a published head is never overwritten.", inner);

/// <summary>Where heads are published. Bound from <c>AuditAnchors:HeadStore</c>.</summary>
public sealed class AuditHeadStoreOptions
{
    public const string Section = $"{AuditAnchorOptions.Section}:HeadStore";

    /// <summary>
    /// A storage connection string (Azurite locally). In production a SAS limited to create (c), read (r)
    /// and list (l) on the container, which may write a new blob but not overwrite one (the Create
    /// permission: "Write a new blob", https://learn.microsoft.com/python/api/azure-storage-blob/azure.storage.blob.blobsaspermissions),
    /// on a container with a version-level immutability (WORM) policy, so not even the account key
    /// holder deletes a head within its retention. The default is none: heads are not published.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The container's name. The default is <c>audit-heads</c>.</summary>
    public string Container { get; set; } = "audit-heads";
}

/// <summary>
/// Heads as block blobs named <c>&lt;chain&gt;/&lt;sequence, 20 digits&gt;.&lt;anchored at&gt;.jws</c>, each written once with
/// <c>If-None-Match: *</c> so the service itself refuses a second write to a name
/// (https://learn.microsoft.com/rest/api/storageservices/specifying-conditional-headers-for-blob-service-operations).
/// </summary>
public sealed class BlobAuditHeadStore(BlobContainerClient container) : IAuditHeadStore
{
    public string Location => $"Azure Blob container {container.Name} at {container.Uri.GetLeftPart(UriPartial.Authority)}";

    public static BlobAuditHeadStore? FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(AuditHeadStoreOptions.Section).Get<AuditHeadStoreOptions>() ?? new AuditHeadStoreOptions();
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? null
            : new BlobAuditHeadStore(new BlobContainerClient(options.ConnectionString, options.Container));
    }

    public async Task PublishAsync(SignedAuditHead head, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var name = $"{Prefix(head.Chain)}{head.Sequence:D20}.{head.AnchoredAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssffffff'Z'", CultureInfo.InvariantCulture)}.jws";
        try
        {
            await container.GetBlobClient(name).UploadAsync(
                BinaryData.FromString(head.ToJws()),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/jose" },
                },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 409)
        {
            throw new AuditHeadAlreadyPublishedException(name, e);
        }
    }

    public async Task<SignedAuditHead?> LatestAsync(string chain, CancellationToken cancellationToken)
    {
        if (!await container.ExistsAsync(cancellationToken))
        {
            return null;
        }

        // Names sort by sequence (zero-padded) and then by time: the last one listed is the latest head.
        string? latest = null;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(chain) }, cancellationToken))
        {
            if (latest is null || string.CompareOrdinal(blob.Name, latest) > 0)
            {
                latest = blob.Name;
            }
        }

        if (latest is null)
        {
            return null;
        }

        var content = await container.GetBlobClient(latest).DownloadContentAsync(cancellationToken);
        return SignedAuditHead.ParseJws(Encoding.ASCII.GetString(content.Value.Content.ToArray()));
    }

    // "tenant:<id>" becomes the folder "tenant/<id>/", "operator" the folder "operator/".
    private static string Prefix(string chain) => $"{chain.Replace(':', '/')}/";
}

public static class AuditHeadStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the blob head store when <c>AuditAnchors:HeadStore:ConnectionString</c> is set; without
    /// it nothing is registered, heads stay in PostgreSQL only and the trust check says so.
    /// </summary>
    public static IServiceCollection AddAuditHeadStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (BlobAuditHeadStore.FromConfiguration(configuration) is { } store)
        {
            services.AddSingleton<IAuditHeadStore>(store);
        }

        return services;
    }
}

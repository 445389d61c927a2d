using Azure;
using IdentityOps.Core.Audit.Anchors;

namespace IdentityOps.Core.Audit.PublishedHeads;

/// <summary>What the trust page shows of the operators' chain: the public key and the latest published head.</summary>
/// <param name="Head">The latest head published to the append-only store, or null (none yet, or no store).</param>
/// <param name="HeadVerifies">Whether <paramref name="Head"/> verifies with <paramref name="PublicKey"/>.</param>
/// <param name="Problem">Why there is no head or key to show, in words fit for an anonymous page (no internals).</param>
public sealed record PublishedAuditHead(AuditHeadPublicKey? PublicKey, SignedAuditHead? Head, bool HeadVerifies, string? Problem);

/// <summary>
/// The operators' latest published head and the key that verifies it, for anyone to keep and compare
/// later. Read from the head store, not from PostgreSQL: the page shows what was published, which the
/// database cannot take back. Cached for a minute, since an anonymous page must not list blobs per request.
/// </summary>
public sealed class GetPublishedAuditHeadQuery(AuditHeadKeySource keys, IEnumerable<IAuditHeadStore> stores, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private volatile Cached? cached; // one reference, swapped whole: no torn read between requests

    public async Task<PublishedAuditHead> GetOperatorHeadAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetUtcNow() - hit.ReadAt < CacheFor)
        {
            return hit.Value;
        }

        var value = await ReadAsync(cancellationToken);
        cached = new Cached(value, time.GetUtcNow());
        return value;
    }

    private sealed record Cached(PublishedAuditHead Value, DateTimeOffset ReadAt);

    private async Task<PublishedAuditHead> ReadAsync(CancellationToken cancellationToken)
    {
        var key = keys.PublicKey;
        if (key is null)
        {
            return new PublishedAuditHead(null, null, false, "this deployment has no audit head key configured");
        }

        var store = stores.FirstOrDefault();
        if (store is null)
        {
            return new PublishedAuditHead(key, null, false, "this deployment publishes no heads outside its database");
        }

        try
        {
            var head = await store.LatestAsync(AuditHashing.OperatorChain, cancellationToken);
            return head is null
                ? new PublishedAuditHead(key, null, false, "no head of the operators' chain has been published yet")
                : new PublishedAuditHead(key, head, key.Verifies(head), null);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or FormatException)
        {
            return new PublishedAuditHead(key, null, false, "the head store could not be read just now");
        }
    }
}

using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// A directory collection read incrementally. The first scan reads it whole with the list endpoint
/// (which allows <c>$top</c>=999 and <c>$expand</c>) and takes a delta link first with
/// <c>$deltatoken=latest</c> (one request, no data), so changes made during the read are replayed next
/// time. Later scans start from the previous scan's rows and follow the stored delta link: an
/// unchanged tenant costs one request. An expired link (7 days; 410 Gone or syncStateNotFound)
/// falls back to a full read.
/// </summary>
internal abstract class DeltaCollectionReader<TItem> : CollectionReader
    where TItem : Entity
{
    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        if (context.PreviousScanId is { } previous && context.StoredDeltaLinks.TryGetValue(Name, out var link))
        {
            try
            {
                foreach (var share in Shares)
                {
                    await context.Inventory.CopyBaselineAsync(share, previous, cancellationToken);
                }

                var newLink = await FollowDeltaAsync(context, link, tally, cancellationToken);
                context.NewDeltaLinks[Name] = newLink;
                return new CollectionOutcome(Name, await CountAsync(context, cancellationToken), null, tally.Warnings(), ViaDelta: true);
            }
            catch (Exception error) when (GraphErrors.IsDeltaExpired(error))
            {
                await context.Inventory.ClearAsync(Shares, cancellationToken);
                tally = new CollectionTally();
                tally.Notes.Add("the stored delta link had expired; the collection was read in full");
            }
        }

        var latest = await LatestDeltaLinkAsync(context.Graph, cancellationToken);
        await ReadFullAsync(context, tally, cancellationToken);
        if (latest is not null)
        {
            context.NewDeltaLinks[Name] = latest;
        }

        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    protected abstract Task<string?> LatestDeltaLinkAsync(GraphServiceClient graph, CancellationToken cancellationToken);

    protected abstract Task ReadFullAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken);

    protected abstract Task<DeltaPage> ReadDeltaPageAsync(GraphServiceClient graph, string link, CancellationToken cancellationToken);

    /// <summary>Replaces the rows of changed objects and removes those of deleted ones.</summary>
    protected abstract Task ApplyChangesAsync(ScanCollectionContext context, IReadOnlyList<TItem> changed, IReadOnlyList<string> removedIds, CollectionTally tally, CancellationToken cancellationToken);

    protected abstract Task<long> CountAsync(ScanCollectionContext context, CancellationToken cancellationToken);

    protected static string LatestUrl(GraphServiceClient graph, string collectionPath)
        => $"{graph.RequestAdapter.BaseUrl}/{collectionPath}/delta?$deltatoken=latest";

    private async Task<string> FollowDeltaAsync(ScanCollectionContext context, string link, CollectionTally tally, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await ReadDeltaPageAsync(context.Graph, link, cancellationToken);
            var changed = new List<TItem>();
            var removed = new List<string>();
            foreach (var item in page.Items)
            {
                if (item.Id is null)
                {
                    tally.Skip("no id in a delta item");
                }
                else if (item.AdditionalData?.ContainsKey("@removed") == true)
                {
                    removed.Add(item.Id);
                }
                else
                {
                    changed.Add(item);
                }
            }

            await ApplyChangesAsync(context, changed, removed, tally, cancellationToken);
            if (page.NextLink is { Length: > 0 } next)
            {
                link = next;
                continue;
            }

            return page.DeltaLink ?? throw new GraphCollectionException("Graph ended a delta round without a delta link.");
        }
    }

    protected sealed record DeltaPage(IReadOnlyList<TItem> Items, string? NextLink, string? DeltaLink);
}

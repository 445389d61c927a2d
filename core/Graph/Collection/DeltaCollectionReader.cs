using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// A directory collection read incrementally. The first scan reads it whole with the list endpoint
/// (which allows <c>$top</c>=999 and <c>$expand</c>) and takes a delta link first with
/// <c>$deltatoken=latest</c> (one request, no data), so changes made during the read are replayed next
/// time. Later scans start from the previous scan's rows and follow the stored delta link: an
/// unchanged tenant costs one request. An expired link (7 days; 410 Gone or syncStateNotFound)
/// falls back to a full read. Delta items are read as Graph documents them (concepts/delta-query-overview.md):
/// an updated object is its id "with *at least* the properties that have been updated", so each reader
/// merges it into the stored row; "a single entity [may] be contained multiple times in the response",
/// so repeats fold in order, the last one winning; navigation properties are not tracked, so what a
/// reader keeps of them is read again by <see cref="RefreshAfterDeltaAsync"/>.
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
                foreach (var share in BaselineShares)
                {
                    await context.Inventory.CopyBaselineAsync(share, previous, cancellationToken);
                }

                var newLink = await FollowDeltaAsync(context, link, tally, cancellationToken);
                await RefreshAfterDeltaAsync(context, tally, cancellationToken);
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
            // Checked before it is stored: the next scan would send the admin's request there.
            context.NewDeltaLinks[Name] = GraphLinks.Followable(context.Graph, latest, "delta link");
        }

        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    /// <summary>The shares a delta scan starts from; a share read again whole after the delta (owners) is left out. The default is <see cref="CollectionReader.Shares"/>.</summary>
    internal virtual IReadOnlyList<InventoryShare> BaselineShares => Shares;

    /// <summary>Reads again what delta does not track (navigation properties); the default reads nothing.</summary>
    protected virtual Task RefreshAfterDeltaAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task<string?> LatestDeltaLinkAsync(GraphServiceClient graph, CancellationToken cancellationToken);

    protected abstract Task ReadFullAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken);

    protected abstract Task<DeltaPage> ReadDeltaPageAsync(GraphServiceClient graph, string link, CancellationToken cancellationToken);

    /// <summary>
    /// Merges changed objects into their rows and removes those of deleted ones. <paramref name="changed"/> is in the order
    /// Graph sent it and may hold an object more than once (fold each copy over the last); an object in
    /// <paramref name="removedIds"/> is not in <paramref name="changed"/>.
    /// </summary>
    protected abstract Task ApplyChangesAsync(ScanCollectionContext context, IReadOnlyList<TItem> changed, IReadOnlyList<string> removedIds, CollectionTally tally, CancellationToken cancellationToken);

    protected abstract Task<long> CountAsync(ScanCollectionContext context, CancellationToken cancellationToken);

    protected static string LatestUrl(GraphServiceClient graph, string collectionPath)
        => $"{graph.RequestAdapter.BaseUrl}/{collectionPath}/delta?$deltatoken=latest";

    private async Task<string> FollowDeltaAsync(ScanCollectionContext context, string link, CollectionTally tally, CancellationToken cancellationToken)
    {
        // A stored link comes from the scans table, not from Graph in this run: checked like any other.
        link = GraphLinks.Followable(context.Graph, link, "stored delta link");
        while (true)
        {
            var page = await ReadDeltaPageAsync(context.Graph, link, cancellationToken);
            // Last occurrence wins: a removal drops the copies before it, a change after a removal undoes it.
            var changed = new List<TItem>();
            var removed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in page.Items)
            {
                if (item.Id is null)
                {
                    tally.Skip("no id in a delta item");
                }
                else if (item.AdditionalData?.ContainsKey("@removed") == true)
                {
                    changed.RemoveAll(c => string.Equals(c.Id, item.Id, StringComparison.OrdinalIgnoreCase));
                    removed.Add(item.Id);
                }
                else
                {
                    removed.Remove(item.Id);
                    changed.Add(item);
                }
            }

            await ApplyChangesAsync(context, changed, [.. removed], tally, cancellationToken);
            if (page.NextLink is { Length: > 0 } next)
            {
                link = GraphLinks.Followable(context.Graph, next, "next-page link");
                continue;
            }

            return GraphLinks.Followable(context.Graph, page.DeltaLink ?? throw new GraphCollectionException("Graph ended a delta round without a delta link."), "delta link");
        }
    }

    protected sealed record DeltaPage(IReadOnlyList<TItem> Items, string? NextLink, string? DeltaLink);
}

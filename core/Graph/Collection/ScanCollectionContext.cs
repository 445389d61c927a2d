using System.Collections.Concurrent;
using IdentityOps.Core.Tenancy;
using Microsoft.Graph;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>Everything one scan's collections share: the Graph client, the inventory sink, the scan time and the delta state.</summary>
public sealed class ScanCollectionContext
{
    public required GraphServiceClient Graph { get; init; }

    /// <summary>Where the collections write their rows and ask what earlier collections wrote.</summary>
    public required IInventorySink Inventory { get; init; }

    /// <summary>The scan time: sign-in look-back and staleness are measured from here, never from the clock.</summary>
    public required DateTimeOffset AsOf { get; init; }

    public TimeSpan SignInLookBack { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The previous succeeded scan whose rows a delta read starts from, with its delta links.</summary>
    public Guid? PreviousScanId { get; init; }

    public IReadOnlyDictionary<string, string> StoredDeltaLinks { get; init; } = new Dictionary<string, string>();

    /// <summary>Collections a previous delivery of this scan completed and checkpointed: taken as they are, not read again.</summary>
    public IReadOnlyDictionary<string, CollectionOutcome> Completed { get; init; } = new Dictionary<string, CollectionOutcome>();

    /// <summary>Delta links obtained by this scan, stored with it when it completes.</summary>
    public ConcurrentDictionary<string, string> NewDeltaLinks { get; } = new(StringComparer.Ordinal);

    /// <summary>What the previous succeeded scan could not collect (collections and <c>collection.property</c> parts): a delta read keeps its verdict on a property it did not see again.</summary>
    public IReadOnlyDictionary<string, string> PreviousUnavailable { get; init; } = new Dictionary<string, string>();

    private readonly ConcurrentDictionary<string, PropertyPresence> presence = new(StringComparer.Ordinal);

    /// <summary>Which properties the objects of a collection carried in this read (one line per object a reader maps).</summary>
    public PropertyPresence Presence(string collection) => presence.GetOrAdd(collection, _ => new PropertyPresence());

    /// <summary>A read starts again from nothing (a restart after an expired page token).</summary>
    internal void ResetPresence(string collection) => presence.TryRemove(collection, out _);

    /// <summary>Rows buffered per table before a COPY. The default is 5,000.</summary>
    public int ChunkSize { get; init; } = 5_000;

    public Guid TenantId => Inventory.TenantId;
    public Guid ScanId => Inventory.ScanId;

    internal RowBuffer<T> Buffer<T>()
        where T : class, ITenantOwned
        => new(Inventory, ChunkSize);
}

/// <summary>Collects rows of one table and copies them in chunks, so memory stays flat however large the tenant.</summary>
internal sealed class RowBuffer<T>(IInventorySink sink, int chunkSize)
    where T : class, ITenantOwned
{
    private readonly List<T> rows = new(chunkSize);

    public long Count { get; private set; }

    public async Task AddAsync(T row, CancellationToken cancellationToken)
    {
        rows.Add(row);
        Count++;
        if (rows.Count >= chunkSize)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await sink.WriteAsync(rows, cancellationToken);
        rows.Clear();
    }
}

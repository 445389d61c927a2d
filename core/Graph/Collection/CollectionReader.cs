
namespace IdentityOps.Core.Graph.Collection;

/// <summary>One thing a scan reads from Graph (one endpoint, or one endpoint and its delta).</summary>
public abstract class CollectionReader
{
    /// <summary>Stable name, used in scan counts, warnings and delta links.</summary>
    public abstract string Name { get; }

    /// <summary>Collections whose rows this one reads; it runs after them, and is unavailable when they are.</summary>
    public virtual IReadOnlyList<string> DependsOn => [];

    /// <summary>
    /// The requests this collection sends, each with the scope it needs: <c>LeastPrivilegeTests</c> holds
    /// <see cref="GraphScopes.Delegated"/> to exactly what these need, and every request a full scan sends to one of them.
    /// </summary>
    public abstract IReadOnlyList<GraphRead> Reads { get; }

    /// <summary>Reads the collection and writes its rows; throws when Graph cannot give it.</summary>
    internal abstract Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The Graph properties the collection reads and which of them identify an object; null for a collection whose
    /// presence is not checked property by property (a singleton policy, a report). The collector turns a property no
    /// object carried into an unavailable part (<c>applications.passwordCredentials</c>) that rules declare as input.
    /// </summary>
    internal virtual CollectionProperties? Properties => null;

    /// <summary>The rows this collection writes: cleared when it restarts or becomes unavailable, moved on when it is done.</summary>
    internal abstract IReadOnlyList<InventoryShare> Shares { get; }
}

/// <summary>Counts kept and skipped objects of one collection and words its warnings.</summary>
internal sealed class CollectionTally
{
    private readonly Dictionary<string, int> skipped = new(StringComparer.Ordinal);

    public long Kept { get; set; }

    public List<string> Notes { get; } = [];

    public void Skip(string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;

    /// <summary>An object kept earlier in the read was deleted before the read finished (a 404 inside a <c>$batch</c>).</summary>
    public void Gone(string what)
    {
        Kept--;
        Skip($"{what} deleted while the scan read it");
    }

    public IReadOnlyList<string> Warnings()
        => skipped.Select(s => $"skipped {s.Value} object(s): {s.Key}").Concat(Notes).ToList();
}

/// <summary>
/// Keeps the first copy of each object and counts any later one as skipped: Graph may list an object
/// twice, and one duplicate id must not fail the scan on a primary key.
/// </summary>
internal sealed class FirstCopies<TKey>(CollectionTally tally, string what)
    where TKey : notnull
{
    private readonly HashSet<TKey> seen = [];

    public bool Admit(TKey id)
    {
        if (seen.Add(id))
        {
            return true;
        }

        tally.Skip($"{what} listed twice (duplicate id)");
        return false;
    }

    /// <summary>Whether an object with this id was admitted.</summary>
    public bool Seen(TKey id) => seen.Contains(id);
}

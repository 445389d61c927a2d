using System.Collections.Concurrent;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Which Graph properties one collection's objects carried, over one read: a property that no object of
/// the collection carried is an input Graph did not give (a version that lacks it, a licence that hides it,
/// a <c>$select</c> it ignored), and every rule that reads it is "not evaluated" instead of judging defaults.
/// A property counts as present when Graph sent it, even as <c>null</c> (<see cref="NullKeepingJsonParseNodeFactory"/>
/// keeps those names): null on every user is a fact about the tenant, absent is a gap in the data.
/// </summary>
public sealed class PropertyPresence
{
    private readonly ConcurrentDictionary<string, byte> present = new(StringComparer.Ordinal);
    private long objects;

    /// <summary>Objects observed.</summary>
    public long Objects => Interlocked.Read(ref objects);

    /// <summary>Records the properties of one object as Graph sent it (its backing store, its additional data and its null-valued names).</summary>
    public void Observe(IParsable? item)
    {
        if (item is null)
        {
            return;
        }

        Interlocked.Increment(ref objects);
        if (item is IBackedModel { BackingStore: { } store })
        {
            foreach (var (key, _) in store.Enumerate())
            {
                present.TryAdd(key, 0);
            }
        }

        if (item is IAdditionalDataHolder { AdditionalData: { } additional })
        {
            foreach (var key in additional.Keys)
            {
                present.TryAdd(key, 0);
            }

            foreach (var name in NullKeepingJsonParseNodeFactory.NullPropertiesOf(additional))
            {
                present.TryAdd(name, 0);
            }
        }
    }

    public bool WasPresent(string property) => present.ContainsKey(property);
}

/// <summary>What a collection reads from Graph and which of it identifies an object (see <see cref="CollectionReader.Properties"/>).</summary>
/// <param name="Keys">Without these no object can be stored (ids): absent from every object, the whole collection is unavailable.</param>
/// <param name="Selected">The properties the reader asks for and maps; absent from every object, that part is unavailable.</param>
public sealed record CollectionProperties(IReadOnlyList<string> Keys, IReadOnlyList<string> Selected)
{
    public static CollectionProperties Of(IReadOnlyList<string> select, params string[] keys) => new(keys, select);

    /// <summary>
    /// The verdict of one read: the collection's own reason when a key property never came, else the parts that
    /// never came. A read that saw no object tells nothing about properties (an empty tenant is not a gap). A delta
    /// read sees only changed objects, often partial: a property it did not see keeps the previous scan's verdict.
    /// </summary>
    internal (string? CollectionReason, IReadOnlyDictionary<string, string> Parts) Verdict(
        string collection, PropertyPresence presence, bool viaDelta, IReadOnlyDictionary<string, string> previousUnavailable)
    {
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (viaDelta)
        {
            foreach (var property in Selected.Where(p => !presence.WasPresent(p)))
            {
                if (previousUnavailable.TryGetValue($"{collection}.{property}", out var before))
                {
                    parts[property] = before;
                }
            }

            return (null, parts);
        }

        if (presence.Objects == 0)
        {
            return (null, parts);
        }

        if (Keys.FirstOrDefault(k => !presence.WasPresent(k)) is { } key)
        {
            return ($"Graph returned no {key} on any of {presence.Objects} {collection}, so no object could be identified", parts);
        }

        foreach (var property in Selected.Where(p => !Keys.Contains(p) && !presence.WasPresent(p)))
        {
            parts[property] = $"Graph returned no {property} on any of {presence.Objects} {collection}";
        }

        return (null, parts);
    }
}

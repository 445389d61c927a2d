using System.Text.Json.Nodes;

namespace IdentityOps.Emulator;

/// <summary>
/// A row of a query result: an item as stored, or the id of an item a delta reports as removed. <see cref="Before"/> is
/// the item as it was at a delta token when it existed then (an update, not a creation), so a delta can send only what changed.
/// </summary>
internal readonly record struct Row(JsonNode? Item, string? RemovedId, JsonNode? Before = null);

/// <summary>
/// The items of one collection in a stable order, indexed by id, with a change log for delta queries.
/// Items are never mutated once stored (an upsert replaces the reference), so a query can keep the references it
/// read and page through them without holding the lock.
/// </summary>
internal sealed class ItemStore
{
    private const int CompactionThreshold = 1024;

    private readonly Lock _gate = new();
    private readonly List<StoredItem?> _slots = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ItemChange> _changes = [];
    private int _live;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _live;
            }
        }
    }

    /// <summary>Adds an item read from a snapshot. Duplicate ids are kept as they are (bad input is served faithfully); the last one is indexed.</summary>
    public void Load(JsonNode? item)
    {
        var id = EmulatedTenant.IdOf(item);
        lock (_gate)
        {
            if (id is not null)
            {
                _index[id] = _slots.Count;
            }

            _slots.Add(new StoredItem(id, item));
            _live++;
        }
    }

    public void Upsert(string id, JsonObject item, Func<long> nextVersion)
    {
        lock (_gate)
        {
            var stored = new StoredItem(id, item);
            JsonNode? previous = null;
            if (_index.TryGetValue(id, out var at))
            {
                previous = _slots[at]?.Item;
                _slots[at] = stored;
            }
            else
            {
                _index[id] = _slots.Count;
                _slots.Add(stored);
                _live++;
            }

            _changes.Add(new ItemChange(nextVersion(), id, previous));
        }
    }

    public bool Remove(string id, Func<long> nextVersion)
    {
        lock (_gate)
        {
            if (!_index.Remove(id, out var at))
            {
                return false;
            }

            var previous = _slots[at]?.Item;
            _slots[at] = null;
            _live--;
            _changes.Add(new ItemChange(nextVersion(), id, previous));
            CompactIfSparse();
            return true;
        }
    }

    public bool TryGet(string id, out JsonNode? item)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(id, out var at) && _slots[at] is { } stored)
            {
                item = stored.Item;
                return true;
            }
        }

        item = null;
        return false;
    }

    public JsonNode? FirstOrDefault()
    {
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                if (slot is not null)
                {
                    return slot.Item;
                }
            }
        }

        return null;
    }

    /// <summary>The current items in order, and the tenant version they reflect (read under the same lock as the changes).</summary>
    public JsonNode?[] Items(Func<long> currentVersion, out long version)
    {
        lock (_gate)
        {
            var items = new JsonNode?[_live];
            var next = 0;
            foreach (var slot in _slots)
            {
                if (slot is not null)
                {
                    items[next++] = slot.Item;
                }
            }

            version = currentVersion();
            return items;
        }
    }

    /// <summary>
    /// Every item changed after <paramref name="since"/>, once, in the order of its last change: its current state, or
    /// a removal. An item that existed at <paramref name="since"/> carries its state then (<see cref="Row.Before"/>).
    /// Costs O(changes), not O(items), because the log is ordered by version.
    /// </summary>
    public Row[] ChangesSince(long since, Func<long> currentVersion, out long version)
    {
        lock (_gate)
        {
            version = currentVersion();
            var first = FirstChangeAfter(since);
            var lastChange = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var before = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
            for (var i = first; i < _changes.Count; i++)
            {
                lastChange[_changes[i].Id] = i;
                before.TryAdd(_changes[i].Id, _changes[i].Previous);
            }

            var rows = new List<Row>(lastChange.Count);
            for (var i = first; i < _changes.Count; i++)
            {
                var id = _changes[i].Id;
                if (lastChange[id] != i)
                {
                    continue;
                }

                rows.Add(_index.TryGetValue(id, out var at) && _slots[at] is { } stored
                    ? new Row(stored.Item, null, before[id])
                    : new Row(null, id));
            }

            return [.. rows];
        }
    }

    private int FirstChangeAfter(long version)
    {
        int low = 0, high = _changes.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_changes[middle].Version <= version)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void CompactIfSparse()
    {
        var removed = _slots.Count - _live;
        if (removed < CompactionThreshold || removed < _live)
        {
            return;
        }

        var kept = _slots.Where(slot => slot is not null).ToList();
        _slots.Clear();
        _slots.AddRange(kept);
        _index.Clear();
        for (var i = 0; i < _slots.Count; i++)
        {
            if (_slots[i]!.Id is { } id)
            {
                _index[id] = i;
            }
        }
    }

    private sealed record StoredItem(string? Id, JsonNode? Item);

    /// <summary>One change of the log; <see cref="Previous"/> is the item before it (null when the change created it).</summary>
    private readonly record struct ItemChange(long Version, string Id, JsonNode? Previous);
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// One snapshot file: kept as its UTF-8 bytes until someone asks for its <see cref="JsonNode"/>; from
/// then on the node is the file (parsed once, the bytes released). Writing a file never parses it.
/// </summary>
internal sealed class SnapshotFile
{
    private readonly Lock gate = new();
    private byte[]? utf8;
    private JsonNode? node;

    public SnapshotFile(byte[] utf8) => this.utf8 = utf8;

    public SnapshotFile(JsonNode node) => this.node = node;

    public JsonNode Node
    {
        get
        {
            lock (gate)
            {
                if (node is null)
                {
                    node = JsonNode.Parse(utf8) ?? throw new InvalidOperationException("A snapshot file parsed to null.");
                    utf8 = null;
                }

                return node;
            }
        }
    }

    /// <summary>The file's bytes: the generated ones, or the node serialised if it was parsed (and possibly changed) since.</summary>
    public byte[] ToUtf8()
    {
        lock (gate)
        {
            return utf8 ?? SyntheticTenant.Serialize(node!);
        }
    }
}

/// <summary>The read-only view of the snapshot files, in ordinal key order; values are parsed on first access.</summary>
internal sealed class SnapshotFileDictionary(SortedDictionary<string, SnapshotFile> files) : IReadOnlyDictionary<string, JsonNode>
{
    public JsonNode this[string key] => files[key].Node;

    public IEnumerable<string> Keys => files.Keys;

    public IEnumerable<JsonNode> Values => files.Values.Select(file => file.Node);

    public int Count => files.Count;

    public bool ContainsKey(string key) => files.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonNode value)
    {
        if (files.TryGetValue(key, out var file))
        {
            value = file.Node;
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, JsonNode>> GetEnumerator()
        => files.Select(pair => new KeyValuePair<string, JsonNode>(pair.Key, pair.Value.Node)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal IEnumerable<KeyValuePair<string, SnapshotFile>> Files => files;
}

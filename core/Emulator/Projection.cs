using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityOps.Emulator.Schema;

namespace IdentityOps.Emulator;

/// <summary>
/// <c>$select</c> and <c>$expand</c> applied while writing an item: top-level properties are projected (<c>id</c> and
/// <c>@odata.type</c> always kept), and navigation properties the snapshot stores inline are written only when expanded,
/// as Graph returns them only under <c>$expand</c>.
/// </summary>
internal sealed class Projection
{
    // Snapshot entries carry these inline (owners of applications/servicePrincipals, principal and roleDefinition of
    // role assignments); Graph returns them only when $expand names them.
    private static readonly FrozenSet<string> InlineNavigation =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "owners", "principal", "roleDefinition");

    // An expanded collection-valued navigation with nothing in it is an empty array in Graph, not a missing property.
    private static readonly FrozenSet<string> CollectionNavigation = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "owners");

    private readonly HashSet<string>? _select;
    private readonly Dictionary<string, Projection> _expand;
    private readonly int _expandLimit;
    private readonly SchemaView? _view;

    private Projection(HashSet<string>? select, Dictionary<string, Projection> expand, int expandLimit = int.MaxValue, SchemaView? view = null)
    {
        _select = select;
        _expand = expand;
        _expandLimit = expandLimit;
        _view = view;
    }

    public static Projection All { get; } = new(null, new Dictionary<string, Projection>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether a property is a navigation the snapshot stores inline (not tracked by delta).</summary>
    public static bool IsInlineNavigation(string name) => InlineNavigation.Contains(name);

    public bool HasSelect => _select is not null;

    public bool HasExpand => _expand.Count > 0;

    /// <param name="expandLimit">The most items an expanded collection carries (Graph: 20 for directory objects, with no next link).</param>
    /// <param name="view">
    /// The version's type of the items written: a property that type lacks is never written, as Graph's version never
    /// returns it (annotations such as <c>@odata.type</c> and <c>@removed</c> always are).
    /// </param>
    public static Projection Parse(string? select, string? expand, int expandLimit = int.MaxValue, SchemaView? view = null)
    {
        if (string.IsNullOrWhiteSpace(select) && string.IsNullOrWhiteSpace(expand))
        {
            return view is null ? All : new Projection(null, new Dictionary<string, Projection>(StringComparer.OrdinalIgnoreCase), expandLimit, view);
        }

        HashSet<string>? selected = null;
        if (!string.IsNullOrWhiteSpace(select))
        {
            selected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in SplitTopLevel(select, ','))
            {
                if (name.Length == 0 || name.Contains('(', StringComparison.Ordinal))
                {
                    throw new ODataQueryException(GraphErrorCodes.BadRequest, $"Parsing OData Select and Expand failed: invalid $select '{select}'.");
                }

                selected.Add(name);
            }
        }

        var expanded = new Dictionary<string, Projection>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(expand))
        {
            foreach (var item in SplitTopLevel(expand, ','))
            {
                var open = item.IndexOf('(', StringComparison.Ordinal);
                if (open < 0)
                {
                    expanded[item] = new Projection(null, new Dictionary<string, Projection>(StringComparer.OrdinalIgnoreCase), expandLimit, view?.Navigate(item));
                    continue;
                }

                if (!item.EndsWith(')'))
                {
                    throw new ODataQueryException(GraphErrorCodes.BadRequest, $"Parsing OData Select and Expand failed: invalid $expand '{expand}'.");
                }

                var name = item[..open].Trim();
                string? nestedSelect = null, nestedExpand = null;
                foreach (var option in SplitTopLevel(item[(open + 1)..^1], ';'))
                {
                    var equals = option.IndexOf('=', StringComparison.Ordinal);
                    if (equals < 0)
                    {
                        continue;
                    }

                    var key = option[..equals].Trim().TrimStart('$');
                    var value = option[(equals + 1)..];
                    if (key.Equals("select", StringComparison.OrdinalIgnoreCase))
                    {
                        nestedSelect = value;
                    }
                    else if (key.Equals("expand", StringComparison.OrdinalIgnoreCase))
                    {
                        nestedExpand = value;
                    }
                }

                expanded[name] = Parse(nestedSelect, nestedExpand, expandLimit, view?.Navigate(name));
                if (expanded[name] == All)
                {
                    expanded[name] = new Projection(null, new Dictionary<string, Projection>(StringComparer.OrdinalIgnoreCase), expandLimit);
                }
            }
        }

        return new Projection(selected, expanded, expandLimit, view);
    }

    public bool Selects(string property) => _select?.Contains(property) == true;

    public void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is not JsonObject item)
        {
            WriteNode(writer, node);
            return;
        }

        writer.WriteStartObject();
        var expandedWritten = 0;
        var type = _view?.TypeOf(item);
        foreach (var (name, value) in item)
        {
            if (_expand.TryGetValue(name, out var nested))
            {
                writer.WritePropertyName(name);
                nested.WriteNavigation(writer, value);
                expandedWritten++;
                continue;
            }

            if (InlineNavigation.Contains(name))
            {
                continue;
            }

            if (_select is not null && !_select.Contains(name) && !AlwaysKept(name))
            {
                continue;
            }

            if (type is not null && !name.Contains('@', StringComparison.Ordinal) && !type.Accepts(name))
            {
                continue;
            }

            writer.WritePropertyName(name);
            WriteNode(writer, value);
        }

        if (expandedWritten < _expand.Count)
        {
            foreach (var name in _expand.Keys)
            {
                if (CollectionNavigation.Contains(name) && !item.ContainsKey(name))
                {
                    writer.WriteStartArray(name);
                    writer.WriteEndArray();
                }
            }
        }

        writer.WriteEndObject();
    }

    internal static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private static bool AlwaysKept(string name) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.Equals("@odata.type", StringComparison.OrdinalIgnoreCase);

    private static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth < 0)
                    {
                        throw new ODataQueryException(GraphErrorCodes.BadRequest, $"Parsing OData Select and Expand failed: unbalanced parentheses in '{text}'.");
                    }

                    break;
                default:
                    if (text[i] == separator && depth == 0)
                    {
                        parts.Add(text[start..i].Trim());
                        start = i + 1;
                    }

                    break;
            }
        }

        if (depth != 0)
        {
            throw new ODataQueryException(GraphErrorCodes.BadRequest, $"Parsing OData Select and Expand failed: unbalanced parentheses in '{text}'.");
        }

        parts.Add(text[start..].Trim());
        return parts;
    }

    private void WriteNavigation(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is JsonArray array)
        {
            writer.WriteStartArray();
            foreach (var element in array.Take(_expandLimit))
            {
                Write(writer, element);
            }

            writer.WriteEndArray();
        }
        else
        {
            Write(writer, value);
        }
    }
}

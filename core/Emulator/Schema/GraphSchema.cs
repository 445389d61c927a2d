using System.Collections.Frozen;
using System.Text.Json;

namespace IdentityOps.Emulator.Schema;

/// <summary>What a URL path addresses on one version: a type (one item or a collection of them), or why it cannot be checked.</summary>
internal abstract record SchemaAddress
{
    /// <summary>A resource of a type the trimmed schema describes.</summary>
    public sealed record Resource(SchemaType Type, bool Collection) : SchemaAddress;

    /// <summary>A segment the version does not have: Graph answers 400 "Resource not found for the segment '…'".</summary>
    public sealed record MissingSegment(string Segment) : SchemaAddress;

    /// <summary>Graph has it, but the trimmed schema does not describe it (a type the emulator does not serve, a structural property).</summary>
    public sealed record Unchecked(string Reason) : SchemaAddress;
}

/// <summary>
/// Microsoft's published Graph schema for v1.0 and beta, trimmed to the types the emulator serves (see Schema/README.md):
/// the entity sets and singletons, and per type its properties and navigation properties, following base types.
/// </summary>
internal sealed class GraphSchema
{
    private static readonly Lazy<FrozenDictionary<string, GraphSchema>> Published = new(() => new Dictionary<string, GraphSchema>(StringComparer.OrdinalIgnoreCase)
    {
        [GraphTarget.V1] = Load(GraphTarget.V1),
        [GraphTarget.Beta] = Load(GraphTarget.Beta),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));

    private static readonly FrozenSet<string> DeltaSegments = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "delta", "delta()", "microsoft.graph.delta", "microsoft.graph.delta()");

    private const string CastPrefix = "microsoft.graph.";

    private readonly FrozenDictionary<string, SchemaType> _types;
    private readonly FrozenDictionary<string, SchemaNavigation> _roots;
    private readonly FrozenSet<string> _graphRoots;

    private GraphSchema(string version, FrozenDictionary<string, SchemaType> types, FrozenDictionary<string, SchemaNavigation> roots, FrozenSet<string> graphRoots)
    {
        Version = version;
        _types = types;
        _roots = roots;
        _graphRoots = graphRoots;
    }

    public string Version { get; }

    /// <summary>The schema of <c>v1.0</c> or <c>beta</c>.</summary>
    public static GraphSchema For(string version) => Published.Value[version];

    public SchemaType? Type(string name) => _types.GetValueOrDefault(name.StartsWith(CastPrefix, StringComparison.Ordinal) ? name[CastPrefix.Length..] : name);

    /// <summary>The type an item's <c>@odata.type</c> (<c>#microsoft.graph.user</c>) names, when this version describes it.</summary>
    public SchemaType? TypeOfAnnotation(string? odataType) =>
        odataType is { Length: > 1 } && odataType.StartsWith('#') ? Type(odataType[1..]) : null;

    /// <summary>Walks a path (relative to the version) segment by segment, as Graph's URL parser does.</summary>
    public SchemaAddress Resolve(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments[0].StartsWith('$'))
        {
            return new SchemaAddress.Unchecked("no resource path");
        }

        if (!_roots.TryGetValue(segments[0], out var root))
        {
            // v1.0's container lists every root; beta has roots v1.0 lacks and its container is not carried here.
            return _graphRoots.Contains(segments[0]) || Version == GraphTarget.Beta
                ? new SchemaAddress.Unchecked($"'{segments[0]}' is not a resource the emulator serves")
                : new SchemaAddress.MissingSegment(segments[0]);
        }

        var current = Type(root.TypeName);
        var collection = root.Collection;
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (current is null)
            {
                return new SchemaAddress.Unchecked($"the schema carries no type for '{string.Join('/', segments[..i])}'");
            }

            if (segment.StartsWith('$'))
            {
                // $count, $ref, $value: no further type to check.
                return new SchemaAddress.Unchecked($"'{segment}' addresses no properties");
            }

            if (segment.StartsWith(CastPrefix, StringComparison.OrdinalIgnoreCase) && !DeltaSegments.Contains(segment))
            {
                current = Type(segment);
                continue;
            }

            if (collection)
            {
                if (!DeltaSegments.Contains(segment))
                {
                    // A key: one item of the collection.
                    collection = false;
                }

                continue;
            }

            if (current.Navigation(segment) is { } navigation)
            {
                current = Type(navigation.TypeName);
                collection = navigation.Collection;
                continue;
            }

            if (current.HasStructural(segment))
            {
                return new SchemaAddress.Unchecked($"'{segment}' is a property, not a resource");
            }

            return current.Has(segment)
                ? new SchemaAddress.Unchecked($"the schema does not say what '{segment}' holds on {Version}")
                : new SchemaAddress.MissingSegment(segment);
        }

        return current is null
            ? new SchemaAddress.Unchecked($"the schema carries no type for '{path}'")
            : new SchemaAddress.Resource(current, collection);
    }

    private static GraphSchema Load(string version)
    {
        var resource = $"IdentityOps.Emulator.Schema.graph-schema.{version}.json";
        using var stream = typeof(GraphSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded Graph schema '{resource}' is missing.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;

        var types = new Dictionary<string, SchemaType>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in root.GetProperty("types").EnumerateObject())
        {
            var properties = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in entry.Value.GetProperty("properties").EnumerateObject())
            {
                properties[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }

            var navigations = new Dictionary<string, SchemaNavigation?>(StringComparer.OrdinalIgnoreCase);
            foreach (var navigation in entry.Value.GetProperty("navigations").EnumerateObject())
            {
                navigations[navigation.Name] = navigation.Value.ValueKind == JsonValueKind.Object
                    ? new SchemaNavigation(navigation.Value.GetProperty("type").GetString()!, navigation.Value.GetProperty("collection").GetBoolean())
                    : null;
            }

            var baseName = entry.Value.GetProperty("base") is { ValueKind: JsonValueKind.String } named ? named.GetString() : null;
            types[entry.Name] = new SchemaType(entry.Name, baseName, entry.Value.GetProperty("open").GetBoolean(), properties, navigations);
        }

        foreach (var type in types.Values)
        {
            type.Link(type.BaseName is { } baseName ? types.GetValueOrDefault(baseName) : null);
        }

        var roots = root.GetProperty("roots").EnumerateObject().ToFrozenDictionary(
            entry => entry.Name,
            entry => new SchemaNavigation(entry.Value.GetProperty("type").GetString()!, entry.Value.GetProperty("collection").GetBoolean()),
            StringComparer.OrdinalIgnoreCase);
        var graphRoots = root.GetProperty("graphRoots").EnumerateArray().Select(name => name.GetString()!).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        return new GraphSchema(version, types.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), roots, graphRoots);
    }
}

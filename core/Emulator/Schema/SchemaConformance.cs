using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IdentityOps.Emulator.Schema;

/// <summary>
/// Whether served snapshot objects carry only properties Microsoft's published schema gives their type, down through
/// complex properties and inline navigations, on a version the collector reads the route from: a tenant the tests
/// scan cannot depend on a property real Graph lacks.
/// </summary>
internal static partial class SchemaConformance
{
    /// <summary>The paths read on beta (docs/graph-collection.md, "Schema check"); every other route is read on v1.0.</summary>
    public static IReadOnlyList<string> VersionsReadFrom(string route)
        => SignIns().IsMatch(route) ? [GraphTarget.V1, GraphTarget.Beta]
            : BetaOnly().IsMatch(route) ? [GraphTarget.Beta]
            : [GraphTarget.V1];

    /// <summary>
    /// Every property path of the snapshot <paramref name="files"/> (URL path + ".json") that the route's type lacks on every
    /// version the route is read on, as "route (versions): type.property"; and how many objects were checked.
    /// </summary>
    public static (IReadOnlyList<string> Lacking, int Objects) Check(IEnumerable<KeyValuePair<string, JsonNode>> files)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var checkedObjects = 0;
        foreach (var (file, body) in files)
        {
            var route = file[..^".json".Length];
            var versions = VersionsReadFrom(route);
            var types = versions.Select(version => GraphSchema.For(version).Resolve(route) is SchemaAddress.Resource resource
                ? (Version: version, resource.Type)
                : throw new InvalidOperationException($"{route} on {version} is no resource of Graph's published schema.")).ToList();

            var items = body["value"] is JsonArray array ? array.OfType<JsonObject>() : [body.AsObject()];
            foreach (var item in items)
            {
                checkedObjects++;
                var lacking = types
                    .Select(view => Lacking(GraphSchema.For(view.Version), view.Type, item, string.Empty).ToHashSet(StringComparer.Ordinal))
                    .Aggregate((left, right) => { left.IntersectWith(right); return left; });
                foreach (var property in lacking)
                {
                    missing.Add($"{route} ({string.Join(", ", versions)}): {property}");
                }
            }
        }

        return ([.. missing], checkedObjects);
    }

    /// <summary>The property paths of <paramref name="item"/> that <paramref name="type"/> (or the item's own <c>@odata.type</c>) lacks.</summary>
    public static IEnumerable<string> Lacking(GraphSchema schema, SchemaType type, JsonObject item, string prefix)
    {
        var own = schema.TypeOfAnnotation(item["@odata.type"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null) ?? type;
        foreach (var (name, child) in item)
        {
            if (name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            var path = prefix.Length == 0 ? $"{own.Name}.{name}" : $"{prefix}.{name}";
            if (!own.Accepts(name))
            {
                yield return path;
                continue;
            }

            // Below the top level: an inline navigation (owners, principal) by its target type, a complex property by its declared type.
            var below = own.Navigation(name) is { } navigation
                ? schema.Type(navigation.TypeName)
                : own.PropertyType(name) is { } declared ? schema.Type(ElementType(declared)) : null;
            if (below is null)
            {
                continue;
            }

            var children = child is JsonArray many ? many.OfType<JsonObject>() : child is JsonObject one ? [one] : [];
            foreach (var nested in children.SelectMany(element => Lacking(schema, below, element, path)))
            {
                yield return nested;
            }
        }
    }

    private static string ElementType(string declared) => declared.StartsWith("Collection(", StringComparison.Ordinal) ? declared["Collection(".Length..^1] : declared;

    [GeneratedRegex("^auditLogs/signIns$")]
    private static partial Regex SignIns();

    [GeneratedRegex("^(roleManagement/directory/roleDefinitions|reports/servicePrincipalSignInActivities)$")]
    private static partial Regex BetaOnly();
}

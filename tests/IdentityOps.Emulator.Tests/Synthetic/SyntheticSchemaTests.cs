using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityOps.Emulator.Schema;

namespace IdentityOps.Emulator.Tests.Synthetic;

/// <summary>
/// Every object the synthetic tenant serves has only properties Microsoft's published schema gives its type on a version
/// the collector reads it from, down through complex properties and inline navigations: the demo cannot depend on a
/// property real Graph lacks.
/// </summary>
[Collection(SmallTenantGroup.Name)]
public sealed partial class SyntheticSchemaTests(SmallTenantFixture fixture)
{
    // Routes the collector reads on beta (docs/graph-collection.md, "Schema check"); every other route is read on v1.0.
    private static readonly (Regex Route, string[] Versions)[] ReadOn =
    [
        (new Regex("^auditLogs/signIns$"), [GraphTarget.V1, GraphTarget.Beta]),
        (new Regex("^roleManagement/directory/roleDefinitions$"), [GraphTarget.Beta]),
        (new Regex("^reports/servicePrincipalSignInActivities$"), [GraphTarget.Beta]),
    ];

    [Fact]
    public void Every_served_object_has_only_properties_its_type_has_on_a_version_it_is_read_on()
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var checkedObjects = 0;
        foreach (var (file, body) in fixture.Tenant.Files)
        {
            var route = file[..^".json".Length];
            var versions = ReadOn.FirstOrDefault(entry => entry.Route.IsMatch(route)).Versions ?? [GraphTarget.V1];
            var views = versions.Select(version => (version, GraphSchema.For(version).Resolve(route))).ToList();
            Assert.All(views, view => Assert.True(view.Item2 is SchemaAddress.Resource, $"{route} on {view.version}: {view.Item2}"));

            var items = body["value"] is JsonArray array ? array.OfType<JsonObject>() : [body.AsObject()];
            foreach (var item in items)
            {
                checkedObjects++;
                var lacking = views
                    .Select(view => Lacking(GraphSchema.For(view.version), ((SchemaAddress.Resource)view.Item2).Type, item, string.Empty).ToHashSet(StringComparer.Ordinal))
                    .Aggregate((left, right) => { left.IntersectWith(right); return left; });
                foreach (var property in lacking)
                {
                    missing.Add($"{route} ({string.Join(", ", versions)}): {property}");
                }
            }
        }

        Assert.True(checkedObjects > 1000, $"only {checkedObjects} objects checked");
        Assert.True(missing.Count == 0, "Properties real Graph lacks on every version the route is read on:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_check_finds_a_planted_property_real_graph_lacks()
    {
        var schema = GraphSchema.For(GraphTarget.V1);
        var servicePrincipal = schema.Type("servicePrincipal")!;
        var item = new JsonObject { ["id"] = "x", ["appId"] = "y", ["publisherName"] = "Contoso" };

        Assert.Equal(["servicePrincipal.publisherName"], Lacking(schema, servicePrincipal, item, string.Empty));
        Assert.Equal(
            ["user.signInActivity.noSuchField"],
            Lacking(schema, schema.Type("user")!, new JsonObject { ["id"] = "u", ["signInActivity"] = new JsonObject { ["lastSignInDateTime"] = null, ["noSuchField"] = 1 } }, string.Empty));
    }

    /// <summary>The property paths of <paramref name="item"/> that <paramref name="type"/> (or the item's own <c>@odata.type</c>) lacks.</summary>
    private static IEnumerable<string> Lacking(GraphSchema schema, SchemaType type, JsonObject item, string prefix)
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
}

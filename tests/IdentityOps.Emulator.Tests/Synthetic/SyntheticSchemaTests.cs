using System.Text.Json.Nodes;
using IdentityOps.Emulator.Schema;

namespace IdentityOps.Emulator.Tests.Synthetic;

/// <summary>
/// Every object the synthetic tenant serves has only properties Microsoft's published schema gives its type on a version
/// the collector reads it from, down through complex properties and inline navigations: the demo cannot depend on a
/// property real Graph lacks (<see cref="SchemaConformance"/>, shared with the enterprise twin tenants' test).
/// </summary>
[Collection(SmallTenantGroup.Name)]
public sealed class SyntheticSchemaTests(SmallTenantFixture fixture)
{
    [Fact]
    public void Every_served_object_has_only_properties_its_type_has_on_a_version_it_is_read_on()
    {
        var (missing, checkedObjects) = SchemaConformance.Check(fixture.Tenant.Files);

        Assert.True(checkedObjects > 1000, $"only {checkedObjects} objects checked");
        Assert.True(missing.Count == 0, "Properties real Graph lacks on every version the route is read on:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_check_finds_a_planted_property_real_graph_lacks()
    {
        var schema = GraphSchema.For(GraphTarget.V1);
        var servicePrincipal = schema.Type("servicePrincipal")!;
        var item = new JsonObject { ["id"] = "x", ["appId"] = "y", ["publisherName"] = "Contoso" };

        Assert.Equal(["servicePrincipal.publisherName"], SchemaConformance.Lacking(schema, servicePrincipal, item, string.Empty));
        Assert.Equal(
            ["user.signInActivity.noSuchField"],
            SchemaConformance.Lacking(schema, schema.Type("user")!, new JsonObject { ["id"] = "u", ["signInActivity"] = new JsonObject { ["lastSignInDateTime"] = null, ["noSuchField"] = 1 } }, string.Empty));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

/// <summary>
/// Delta and <c>$expand</c> as Microsoft documents them (microsoftgraph/microsoft-graph-docs-contrib,
/// concepts/delta-query-overview.md and concepts/known-issues.md), and objects deleted after a listing.
/// </summary>
public sealed class DocumentedDeltaAndExpandTests
{
    private static JsonObject App(string id, int owners, string name = "A") => new()
    {
        ["id"] = id,
        ["appId"] = $"appid-{id}",
        ["displayName"] = name,
        ["signInAudience"] = "AzureADMyOrg",
        ["passwordCredentials"] = new JsonArray(new JsonObject { ["keyId"] = "k-1" }),
        ["owners"] = new JsonArray([.. Enumerable.Range(1, owners).Select(i => (JsonNode)new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = $"u-{i}" })]),
    };

    [Fact]
    public async Task An_updated_object_arrives_as_its_id_and_the_properties_that_changed()
    {
        var tenant = Tenant(("applications.json", Collection([App("app-1", 1)])));
        using var harness = new EmulatorHarness(tenant, Unthrottled);
        var deltaLink = (string)(await harness.GetAllPagesAsync("applications/delta"))[^1]["@odata.deltaLink"]!;
        var renamed = App("app-1", 1, "Renamed");
        renamed.Remove("passwordCredentials");
        tenant.Upsert("applications", renamed);

        var item = Assert.Single((await harness.GetOkAsync(deltaLink))["value"]!.AsArray());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"app-1","displayName":"Renamed","passwordCredentials":[]}"""), item), item!.ToJsonString());
    }

    [Fact]
    public async Task An_owner_only_change_is_left_out_of_delta_and_repeats_list_a_change_twice_when_asked()
    {
        var tenant = Tenant(("applications.json", Collection([App("app-1", 1), App("app-2", 1)])));
        using var harness = new EmulatorHarness(tenant, new GraphEmulatorOptions { ThrottlingEnabled = false, RepeatDeltaItems = true });
        var deltaLink = (string)(await harness.GetAllPagesAsync("applications/delta"))[^1]["@odata.deltaLink"]!;
        tenant.Upsert("applications", App("app-1", 2));
        tenant.Upsert("applications", App("app-2", 1, "Renamed"));

        var changes = await harness.GetOkAsync(deltaLink);

        Assert.Equal(["app-2", "app-2"], Ids(changes));
    }

    [Fact]
    public async Task Expanded_owners_stop_at_twenty_without_a_next_link_and_their_own_listing_pages_all()
    {
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection([App("app-1", 25)]))), Unthrottled);

        var app = (await harness.GetOkAsync("applications?$select=id&$expand=owners"))["value"]![0]!.AsObject();
        var owners = await harness.GetAllPagesAsync("applications/app-1/owners");

        Assert.Equal(20, app["owners"]!.AsArray().Count);
        Assert.False(app.ContainsKey("owners@odata.nextLink"));
        Assert.Equal(25, owners.Sum(page => Ids(page).Count));
    }

    [Fact]
    public async Task An_object_deleted_after_listing_is_listed_but_answers_404_by_id()
    {
        var options = new GraphEmulatorOptions { ThrottlingEnabled = false, DeletedAfterListing = new HashSet<string> { "app-1" } };
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection([App("app-1", 1)]))), options);

        var listed = await harness.GetOkAsync("applications");
        var (status, _) = await harness.GetAsync("applications/app-1/owners");

        Assert.Equal(["app-1"], Ids(listed));
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}

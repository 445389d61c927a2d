using System.Net;
using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

public sealed class DeltaTests
{
    [Fact]
    public async Task An_initial_delta_pages_through_every_item_and_ends_with_a_delta_link()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(250)))), Unthrottled);

        var pages = await harness.GetAllPagesAsync("users/delta?$select=id,displayName");

        Assert.Equal([100, 100, 50], pages.Select(page => Ids(page).Count));
        Assert.All(pages[..^1], page => Assert.Contains("$skiptoken=", (string)page["@odata.nextLink"]!, StringComparison.Ordinal));
        Assert.All(pages[..^1], page => Assert.Null(page["@odata.deltaLink"]));
        Assert.Contains("$deltatoken=", (string)pages[^1]["@odata.deltaLink"]!, StringComparison.Ordinal);
        Assert.All(pages.SelectMany(page => page["value"]!.AsArray()), item => Assert.Equal(["id", "displayName"], item!.AsObject().Select(p => p.Key)));
        Assert.Equal(250, pages.SelectMany(Ids).Distinct().Count());
    }

    [Fact]
    public async Task An_unchanged_tenant_answers_one_empty_page_with_a_new_delta_link()
    {
        using var harness = new EmulatorHarness(Tenant(("servicePrincipals.json", Collection(Users(5)))), Unthrottled);
        var deltaLink = (string)(await harness.GetAllPagesAsync("servicePrincipals/delta"))[^1]["@odata.deltaLink"]!;

        var page = await harness.GetOkAsync(deltaLink);

        Assert.Empty(page["value"]!.AsArray());
        Assert.Null(page["@odata.nextLink"]);
        Assert.NotNull(page["@odata.deltaLink"]);
    }

    [Fact]
    public async Task After_changes_the_delta_link_returns_the_changed_items_and_the_removed_ones()
    {
        var tenant = Tenant(("users.json", Collection(Users(10))));
        using var harness = new EmulatorHarness(tenant, Unthrottled);
        var deltaLink = (string)(await harness.GetAllPagesAsync("users/delta()?$select=id,displayName"))[^1]["@odata.deltaLink"]!;

        tenant.Upsert("users", new JsonObject { ["id"] = "user-000003", ["displayName"] = "Renamed", ["jobTitle"] = "Chef" });
        tenant.Upsert("users", new JsonObject { ["id"] = "user-new", ["displayName"] = "Newcomer" });
        Assert.True(tenant.Remove("users", "user-000007"));
        var changes = await harness.GetOkAsync(deltaLink);
        var again = await harness.GetOkAsync((string)changes["@odata.deltaLink"]!);

        var value = changes["value"]!.AsArray();
        Assert.Equal(3, value.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"user-000003","displayName":"Renamed"}"""), value[0]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"user-new","displayName":"Newcomer"}"""), value[1]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"user-000007","@removed":{"reason":"deleted"}}"""), value[2]));
        Assert.Empty(again["value"]!.AsArray());
    }

    [Fact]
    public async Task A_delta_token_older_than_seven_days_answers_410_syncStateNotFound()
    {
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection(Users(3)))), Unthrottled);
        var deltaLink = (string)(await harness.GetAllPagesAsync("applications/delta"))[^1]["@odata.deltaLink"]!;

        harness.Time.Advance(TimeSpan.FromDays(6));
        await harness.GetOkAsync(deltaLink);
        harness.Time.Advance(TimeSpan.FromDays(1));
        var (status, body) = await harness.GetAsync(deltaLink);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("syncStateNotFound", ErrorCode(body));
    }

    [Fact]
    public async Task An_unknown_delta_token_answers_410_syncStateNotFound()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(3)))), Unthrottled);

        var (status, body) = await harness.GetAsync("users/delta?$deltatoken=not-a-token");

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("syncStateNotFound", ErrorCode(body));
    }

    [Fact]
    public async Task Delta_of_a_collection_the_snapshot_lacks_starts_empty_and_sees_later_upserts()
    {
        var tenant = Tenant();
        using var harness = new EmulatorHarness(tenant, Unthrottled);
        var first = await harness.GetOkAsync("oauth2PermissionGrants/delta");

        tenant.Upsert("oauth2PermissionGrants", new JsonObject { ["id"] = "grant-1", ["scope"] = "User.Read" });
        var changes = await harness.GetOkAsync((string)first["@odata.deltaLink"]!);

        Assert.Empty(first["value"]!.AsArray());
        Assert.Equal(["grant-1"], Ids(changes));
    }
}

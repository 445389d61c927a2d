using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityOps.Emulator;

namespace IdentityOps.Emulator.Tests;

public sealed class NavigationTests
{
    [Fact]
    public async Task An_items_owners_are_served_as_a_collection_from_its_inline_owners()
    {
        var tenant = EmulatedTenant.FromSnapshotFiles(new Dictionary<string, JsonNode>
        {
            ["applications.json"] = JsonNode.Parse("""{"value":[{"id":"app-1","displayName":"A","owners":[{"@odata.type":"#microsoft.graph.user","id":"u-1","displayName":"Ann","userType":"Member"}]}]}""")!,
        });
        using var client = new HttpClient(new GraphEmulator(tenant, new GraphEmulatorOptions { ThrottlingEnabled = false }, TimeProvider.System));

        using var owners = JsonDocument.Parse(await client.GetStringAsync(new Uri($"{GraphEmulator.BaseUrl}/applications/app-1/owners?$select=id,displayName")));
        var only = Assert.Single(owners.RootElement.GetProperty("value").EnumerateArray());
        Assert.Equal("u-1", only.GetProperty("id").GetString());
        Assert.False(only.TryGetProperty("userType", out _)); // $select applies

        using var missing = await client.GetAsync(new Uri($"{GraphEmulator.BaseUrl}/applications/app-404/owners"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

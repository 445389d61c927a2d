using System.Net;
using System.Text.Json.Nodes;
using IdentityOps.Emulator;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

public sealed class TenantTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "graph-emulator-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void WriteFile(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task LoadFolderAsync_maps_url_paths_to_json_files()
    {
        WriteFile("applications.json", """{"value":[{"id":"app-1","displayName":"Payroll"}]}""");
        WriteFile("servicePrincipals/sp-1/appRoleAssignedTo.json", """{"value":[{"id":"ara-1","principalId":"user-1"}]}""");
        WriteFile("policies/authorizationPolicy.json", """{"id":"authorizationPolicy","allowInvitesFrom":"everyone"}""");
        WriteFile("organization.json", """{"value":[{"id":"0e6e8f1a-5a2b-4c3d-9e8f-1a2b3c4d5e6f"}]}""");
        WriteFile("users.json", """{"value":[{"id":"u1"},{"id":"u2"}]}""");
        var tenant = await EmulatedTenant.LoadFolderAsync(_folder, CancellationToken.None);
        using var harness = new EmulatorHarness(tenant, Unthrottled);

        Assert.Equal(["app-1"], Ids(await harness.GetOkAsync("applications")));
        Assert.Equal(["ara-1"], Ids(await harness.GetOkAsync("servicePrincipals/sp-1/appRoleAssignedTo")));
        Assert.Equal("everyone", (string)(await harness.GetOkAsync("policies/authorizationPolicy"))["allowInvitesFrom"]!);
        Assert.Equal(["0e6e8f1a-5a2b-4c3d-9e8f-1a2b3c4d5e6f"], Ids(await harness.GetOkAsync("organization")));
        Assert.Equal(2, tenant.UserCount);
    }

    [Fact]
    public async Task A_snapshot_file_that_is_not_json_is_served_raw_with_200()
    {
        const string Broken = """{"id":"authorizationPolicy","allowInvitesFrom": """;
        WriteFile("policies/authorizationPolicy.json", Broken);
        WriteFile("applications.json", "not json at all");
        var tenant = await EmulatedTenant.LoadFolderAsync(_folder, CancellationToken.None);
        using var harness = new EmulatorHarness(tenant, Unthrottled);

        using var policy = await harness.Client.GetAsync("policies/authorizationPolicy");
        using var applications = await harness.Client.GetAsync("applications?$top=5");

        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.Equal(Broken, await policy.Content.ReadAsStringAsync());
        Assert.Equal("not json at all", await applications.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("applications")]
    [InlineData("servicePrincipals/4f7a1c2e-0000-0000-0000-000000000001/appRoleAssignedTo")]
    [InlineData("roleManagement/directory/roleDefinitions")]
    [InlineData("reports/authenticationMethods/userRegistrationDetails")]
    [InlineData("identity/conditionalAccess/policies")]
    [InlineData("applications/4f7a1c2e-0000-0000-0000-000000000001/federatedIdentityCredentials")]
    [InlineData("policies/featureRolloutPolicies")]
    public async Task A_missing_collection_answers_an_empty_page(string path)
    {
        using var harness = new EmulatorHarness(Tenant(), Unthrottled);

        var page = await harness.GetOkAsync(path);

        Assert.Empty(page["value"]!.AsArray());
        Assert.Null(page["@odata.nextLink"]);
    }

    [Theory]
    [InlineData("policies/authorizationPolicy")]
    [InlineData("policies/authenticationMethodsPolicy")]
    public async Task A_missing_singleton_answers_404_with_a_Graph_error(string path)
    {
        using var harness = new EmulatorHarness(Tenant(), Unthrottled);

        var (status, body) = await harness.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Request_ResourceNotFound", ErrorCode(body));
        Assert.NotNull(body["error"]!["innerError"]!["date"]);
        Assert.NotNull(body["error"]!["innerError"]!["request-id"]);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Requests_other_than_GET_are_refused_with_405(string method)
    {
        var tenant = Tenant(("users.json", Collection(Users(2))));
        using var harness = new EmulatorHarness(tenant, Unthrottled);
        using var request = new HttpRequestMessage(new HttpMethod(method), "users/user-000001");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(2, tenant.UserCount);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0/USERS")]
    [InlineData("https://graph.microsoft.com/v1.0/users/")]
    [InlineData("/v1.0/Users")]
    public async Task Paths_match_case_insensitively_with_the_version_prefix_tolerated(string url)
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(2)))), Unthrottled);

        Assert.Equal(2, Ids(await harness.GetOkAsync(url)).Count);
    }

    [Fact]
    public async Task Bad_input_in_the_snapshot_is_served_as_it_is()
    {
        var odd = new JsonArray(
            new JsonObject { ["id"] = "dup", ["displayName"] = new string('x', 20_000), ["createdDateTime"] = "0001-01-01T00:00:00Z" },
            new JsonObject { ["id"] = "dup", ["displayName"] = null, ["signInAudience"] = "SomethingNew", ["createdDateTime"] = "9999-12-31T23:59:59Z" },
            new JsonObject { ["id"] = "emoji", ["displayName"] = "Zoë <script> 🚀" });
        using var harness = new EmulatorHarness(Tenant(("applications.json", new JsonObject { ["value"] = odd.DeepClone() })), Unthrottled);

        var page = await harness.GetOkAsync("applications");

        Assert.True(JsonNode.DeepEquals(odd, page["value"]));
    }

    [Fact]
    public async Task Upsert_and_Remove_change_what_the_list_returns()
    {
        var tenant = Tenant(("applications.json", Collection([new JsonObject { ["id"] = "a", ["displayName"] = "A" }])));
        using var harness = new EmulatorHarness(tenant, Unthrottled);

        tenant.Upsert("applications", new JsonObject { ["id"] = "a", ["displayName"] = "A2" });
        tenant.Upsert("applications.json", new JsonObject { ["id"] = "b", ["displayName"] = "B" });
        tenant.SetSingleton("policies/authorizationPolicy", new JsonObject { ["id"] = "authorizationPolicy" });
        var removed = tenant.Remove("applications", "a");
        var missing = tenant.Remove("applications", "zzz");

        Assert.True(removed);
        Assert.False(missing);
        Assert.Equal(["b"], Ids(await harness.GetOkAsync("applications")));
        Assert.Equal("authorizationPolicy", (string)(await harness.GetOkAsync("policies/authorizationPolicy"))["id"]!);
    }
}

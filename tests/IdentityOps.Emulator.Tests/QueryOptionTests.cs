using System.Net;
using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

public sealed class QueryOptionTests
{
    private static JsonObject Application() => new()
    {
        ["@odata.type"] = "#microsoft.graph.application",
        ["id"] = "app-1",
        ["appId"] = "11111111-1111-1111-1111-111111111111",
        ["displayName"] = "Payroll",
        ["signInAudience"] = "AzureADMyOrg",
        ["owners"] = new JsonArray(
            new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.user",
                ["id"] = "owner-1",
                ["userType"] = "Guest",
                ["accountEnabled"] = true,
                ["displayName"] = "Olga",
                ["mail"] = "olga@example.test",
            }),
    };

    private static JsonObject SignIns() => Collection(
    [
        new JsonObject { ["id"] = "s1", ["createdDateTime"] = "2024-01-01T10:00:00Z", ["status"] = new JsonObject { ["errorCode"] = 0 }, ["clientAppUsed"] = "Browser", ["isInteractive"] = true, ["appDisplayName"] = "Portal" },
        new JsonObject { ["id"] = "s2", ["createdDateTime"] = "2024-01-02T10:00:00Z", ["status"] = new JsonObject { ["errorCode"] = 50126 }, ["clientAppUsed"] = "Exchange ActiveSync", ["isInteractive"] = false, ["appDisplayName"] = "Mail" },
        new JsonObject { ["id"] = "s3", ["createdDateTime"] = "2024-01-03T10:00:00Z", ["status"] = new JsonObject { ["errorCode"] = 0 }, ["clientAppUsed"] = "IMAP4", ["isInteractive"] = false, ["appDisplayName"] = "O'Reilly app" },
        new JsonObject { ["id"] = "s4", ["createdDateTime"] = "2024-01-04T10:00:00Z", ["clientAppUsed"] = null, ["isInteractive"] = true, ["appDisplayName"] = "Portal" },
    ]);

    [Fact]
    public async Task Select_projects_top_level_properties_and_keeps_id_and_odata_type()
    {
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection([Application()]))), Unthrottled);

        var item = (await harness.GetOkAsync("applications?$select=displayName,appId"))["value"]![0]!.AsObject();

        Assert.Equal(["@odata.type", "id", "appId", "displayName"], item.Select(property => property.Key));
    }

    [Fact]
    public async Task Owners_stored_inline_are_returned_only_when_expanded()
    {
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection([Application()])), ("servicePrincipals.json", Collection([Application()]))), Unthrottled);

        var plain = (await harness.GetOkAsync("applications"))["value"]![0]!.AsObject();
        var expanded = (await harness.GetOkAsync("applications?$expand=owners"))["value"]![0]!.AsObject();
        var servicePrincipal = (await harness.GetOkAsync("servicePrincipals?$select=id&$expand=owners"))["value"]![0]!.AsObject();

        Assert.False(plain.ContainsKey("owners"));
        Assert.True(JsonNode.DeepEquals(Application()["owners"], expanded["owners"]));
        Assert.Equal(["@odata.type", "id", "owners"], servicePrincipal.Select(property => property.Key));
    }

    [Fact]
    public async Task An_expand_with_a_nested_select_projects_the_owners()
    {
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection([Application()]))), Unthrottled);

        var owner = (await harness.GetOkAsync("applications?$select=id,displayName&$expand=owners($select=id,userType,accountEnabled,displayName)"))["value"]![0]!["owners"]![0]!.AsObject();

        Assert.Equal(["@odata.type", "id", "userType", "accountEnabled", "displayName"], owner.Select(property => property.Key));
    }

    [Fact]
    public async Task Expanding_owners_of_an_application_without_owners_gives_an_empty_array()
    {
        var lonely = new JsonObject { ["id"] = "app-2", ["displayName"] = "No owners" };
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection([lonely]))), Unthrottled);

        var item = (await harness.GetOkAsync("applications?$expand=owners"))["value"]![0]!;

        Assert.Empty(item["owners"]!.AsArray());
    }

    [Fact]
    public async Task The_principal_of_a_role_assignment_is_returned_only_under_expand()
    {
        var assignment = new JsonObject
        {
            ["id"] = "ra-1",
            ["roleDefinitionId"] = "62e90394-69f5-4237-9190-012177145e10",
            ["principalId"] = "user-1",
            ["principal"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = "user-1", ["displayName"] = "Ada" },
        };
        using var harness = new EmulatorHarness(Tenant(("roleManagement/directory/roleAssignments.json", Collection([assignment]))), Unthrottled);

        var plain = (await harness.GetOkAsync("roleManagement/directory/roleAssignments"))["value"]![0]!.AsObject();
        var expanded = (await harness.GetOkAsync("roleManagement/directory/roleAssignments?$expand=principal"))["value"]![0]!.AsObject();

        Assert.False(plain.ContainsKey("principal"));
        Assert.Equal("Ada", (string)expanded["principal"]!["displayName"]!);
    }

    [Fact]
    public async Task An_item_is_served_by_id_with_the_same_projection()
    {
        using var harness = new EmulatorHarness(Tenant(("applications.json", Collection([Application()]))), Unthrottled);

        var item = await harness.GetOkAsync("applications/APP-1?$select=displayName");
        var (status, body) = await harness.GetAsync("applications/app-404");

        Assert.Equal(["@odata.type", "id", "displayName"], item.Select(property => property.Key));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Request_ResourceNotFound", ErrorCode(body));
    }

    [Theory]
    [InlineData("createdDateTime ge 2024-01-02T00:00:00Z", "s2,s3,s4")]
    [InlineData("createdDateTime ge 2024-01-02T00:00:00Z and createdDateTime lt 2024-01-04T00:00:00Z", "s2,s3")]
    [InlineData("status/errorCode eq 0", "s1,s3")]
    [InlineData("status/errorCode ne 0", "s2,s4")]
    [InlineData("clientAppUsed in ('Exchange ActiveSync','IMAP4')", "s2,s3")]
    [InlineData("clientAppUsed eq 'browser' or status/errorCode eq 50126", "s1,s2")]
    [InlineData("not (status/errorCode eq 0)", "s2,s4")]
    [InlineData("appDisplayName eq 'O''Reilly app'", "s3")]
    [InlineData("clientAppUsed eq null", "s4")]
    [InlineData("isInteractive eq false and (clientAppUsed eq 'IMAP4' or clientAppUsed eq 'POP3')", "s3")]
    [InlineData("startswith(clientAppUsed,'Exch')", "s2")]
    [InlineData("createdDateTime gt 2030-01-01T00:00:00Z", "")]
    public async Task Filters_of_the_supported_subset_select_the_matching_items(string filter, string expected)
    {
        using var harness = new EmulatorHarness(Tenant(("auditLogs/signIns.json", SignIns())), Unthrottled);

        var page = await harness.GetOkAsync("auditLogs/signIns?$filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Ids(page));
    }

    [Theory]
    [InlineData("assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900)")]
    [InlineData("contains(displayName,'a')")]
    [InlineData("displayName eq givenName")]
    public async Task Unsupported_filters_are_refused_with_Request_UnsupportedQuery(string filter)
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(3)))), Unthrottled);

        var (status, body) = await harness.GetAsync("users?$filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Request_UnsupportedQuery", ErrorCode(body));
    }

    [Theory]
    [InlineData("displayName eq")]
    [InlineData("(displayName eq 'a'")]
    [InlineData("displayName eq 'unterminated")]
    public async Task A_filter_that_does_not_parse_is_a_bad_request(string filter)
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(3)))), Unthrottled);

        var (status, body) = await harness.GetAsync("users?$filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", ErrorCode(body));
    }

    [Fact]
    public async Task The_ConsistencyLevel_header_and_count_are_accepted()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(150)))), Unthrottled);
        using var request = new HttpRequestMessage(HttpMethod.Get, "users?$count=true&$top=10");
        request.Headers.Add("ConsistencyLevel", "eventual");

        using var response = await harness.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(150, (int)body["@odata.count"]!);
    }
}

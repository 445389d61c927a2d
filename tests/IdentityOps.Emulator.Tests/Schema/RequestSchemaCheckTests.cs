using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IdentityOps.Emulator.Schema;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests.Schema;

/// <summary>
/// The emulator checks every request against Microsoft's published schema of the version in its URL, before anything else,
/// and answers only what that version's type has.
/// </summary>
public sealed class RequestSchemaCheckTests
{
    private static JsonObject RoleDefinitions() => Collection(
    [
        new JsonObject { ["id"] = "62e90394-69f5-4237-9190-012177145e10", ["displayName"] = "Global Administrator", ["isBuiltIn"] = true, ["isPrivileged"] = true },
        new JsonObject { ["id"] = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", ["displayName"] = "Directory Readers", ["isBuiltIn"] = true, ["isPrivileged"] = false },
    ]);

    private static EmulatorHarness Harness() => new(
        Tenant(
            ("roleManagement/directory/roleDefinitions.json", RoleDefinitions()),
            ("roleManagement/directory/roleAssignments.json", Collection(
            [
                new JsonObject
                {
                    ["id"] = "a1", ["roleDefinitionId"] = "62e90394-69f5-4237-9190-012177145e10", ["principalId"] = "u1", ["directoryScopeId"] = "/",
                    ["principal"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = "u1", ["displayName"] = "Alice", ["userType"] = "Guest" },
                },
            ])),
            ("reports/servicePrincipalSignInActivities.json", Collection([new JsonObject { ["id"] = "x1", ["appId"] = "00000003-0000-0000-c000-000000000000" }])),
            ("users.json", Collection(Users(2)))),
        Unthrottled);

    [Fact]
    public async Task V1_refuses_isPrivileged_in_select_on_role_definitions_with_graphs_error_and_beta_serves_it()
    {
        using var harness = Harness();

        var (v1Status, v1Body) = await harness.GetAsync("https://graph.microsoft.com/v1.0/roleManagement/directory/roleDefinitions?$select=id,isPrivileged");
        var beta = await harness.GetOkAsync("https://graph.microsoft.com/beta/roleManagement/directory/roleDefinitions?$select=id,isPrivileged");

        Assert.Equal(HttpStatusCode.BadRequest, v1Status);
        Assert.Equal("BadRequest", ErrorCode(v1Body));
        Assert.Equal("Could not find a property named 'isPrivileged' on type 'microsoft.graph.unifiedRoleDefinition'.", (string)v1Body["error"]!["message"]!);
        Assert.Equal([true, false], beta["value"]!.AsArray().Select(item => (bool)item!["isPrivileged"]!));
        var log = harness.Emulator.Log.Requests;
        Assert.Equal(SchemaVerdictKind.Refused, log[0].Schema!.Kind);
        Assert.Equal(("beta", SchemaVerdictKind.Passed, "unifiedRoleDefinition"), (log[1].Schema!.Version, log[1].Schema!.Kind, log[1].Schema!.Type));
    }

    [Fact]
    public async Task V1_never_answers_a_property_its_type_lacks_even_when_the_tenant_holds_it()
    {
        using var harness = Harness();

        var v1 = await harness.GetOkAsync("https://graph.microsoft.com/v1.0/roleManagement/directory/roleDefinitions");
        var beta = await harness.GetOkAsync("https://graph.microsoft.com/beta/roleManagement/directory/roleDefinitions");

        Assert.All(v1["value"]!.AsArray(), item => Assert.False(item!.AsObject().ContainsKey("isPrivileged")));
        Assert.All(v1["value"]!.AsArray(), item => Assert.NotNull(item!["displayName"]));
        Assert.All(beta["value"]!.AsArray(), item => Assert.True(item!.AsObject().ContainsKey("isPrivileged")));
        Assert.NotNull(v1["@odata.context"]);
    }

    [Fact]
    public async Task A_resource_only_beta_has_is_a_missing_segment_on_v1()
    {
        using var harness = Harness();

        var (status, body) = await harness.GetAsync("https://graph.microsoft.com/v1.0/reports/servicePrincipalSignInActivities");
        var beta = await harness.GetOkAsync("https://graph.microsoft.com/beta/reports/servicePrincipalSignInActivities");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("BadRequest", "Resource not found for the segment 'servicePrincipalSignInActivities'."), (ErrorCode(body), (string)body["error"]!["message"]!));
        Assert.Single(beta["value"]!.AsArray());
    }

    [Theory]
    [InlineData("roleManagement/directory/roleAssignments?$expand=principal($select=id,noSuchThing)", "noSuchThing", "directoryObject")]
    [InlineData("roleManagement/directory/roleAssignments?$expand=principal($expand=noSuchNavigation)", "noSuchNavigation", "directoryObject")]
    [InlineData("roleManagement/directory/roleAssignments?$expand=noSuchNavigation", "noSuchNavigation", "unifiedRoleAssignment")]
    [InlineData("users?$filter=startswith(displayName,'A') and noSuchThing eq 'x'", "noSuchThing", "user")]
    [InlineData("users?$filter=assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900) and noSuchThing eq 1", "noSuchThing", "user")]
    [InlineData("users?$orderby=noSuchThing desc", "noSuchThing", "user")]
    [InlineData("users?$select=id,signInActivity,noSuchThing", "noSuchThing", "user")]
    public async Task Every_query_option_names_only_properties_the_type_has(string url, string property, string type)
    {
        using var harness = Harness();

        var (status, body) = await harness.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"Could not find a property named '{property}' on type 'microsoft.graph.{type}'.", (string)body["error"]!["message"]!);
    }

    [Theory]
    [InlineData("roleManagement/directory/roleAssignments?$expand=principal($select=id,displayName,userType,accountEnabled,onPremisesSyncEnabled)")] // user properties on a directoryObject
    [InlineData("users?$filter=assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900) and userType eq 'Guest'")]
    [InlineData("users?$select=id,extension_0c7b2a3e_costCenter")] // user is open: directory extensions
    [InlineData("users?$orderby=displayName desc&$select=microsoft.graph.user/displayName")]
    public async Task Options_that_name_real_properties_pass(string url)
    {
        using var harness = Harness();

        // The verdict, not the answer: the emulator's own filter evaluator does not run lambdas.
        await harness.GetAsync(url);

        Assert.Equal(SchemaVerdictKind.Passed, harness.Emulator.Log.Requests.Single().Schema!.Kind);
    }

    [Fact]
    public async Task The_schema_refusal_wins_over_every_other_answer()
    {
        using var harness = Harness();

        // An invalid page size and an unknown property: Graph parses the URL first.
        var (status, body) = await harness.GetAsync("https://graph.microsoft.com/v1.0/roleManagement/directory/roleDefinitions?$select=isPrivileged&$top=100000");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Could not find a property named 'isPrivileged'", (string)body["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.0", 400, SchemaVerdictKind.Refused)]
    [InlineData("beta", 200, SchemaVerdictKind.Passed)]
    public async Task Inner_batch_requests_are_checked_against_the_version_of_the_batch_url(string version, int innerStatus, SchemaVerdictKind verdict)
    {
        using var harness = Harness();
        var payload = new JsonObject
        {
            ["requests"] = new JsonArray(new JsonObject { ["id"] = "1", ["method"] = "GET", ["url"] = "/roleManagement/directory/roleDefinitions?$select=id,isPrivileged" }),
        };
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await harness.Client.PostAsync($"https://graph.microsoft.com/{version}/$batch", content);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(innerStatus, (int)body["responses"]![0]!["status"]!);
        var inner = harness.Emulator.Log.Requests.Single(request => request.InsideBatch);
        Assert.Equal((verdict, version), (inner.Schema!.Kind, inner.Schema.Version));
        Assert.StartsWith($"/{version}/roleManagement/", inner.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(SchemaVerdictKind.NotChecked, harness.Emulator.Log.Requests.Single(request => !request.InsideBatch).Schema!.Kind);
    }

    [Theory]
    [InlineData("createdDateTime ge 2026-11-01T00:00:00Z and (clientAppUsed eq 'IMAP4' or clientAppUsed eq 'Exchange ActiveSync')", "createdDateTime,clientAppUsed,clientAppUsed")]
    [InlineData("appRoles/any(r:r/value eq 'Mail.Read') and startswith(displayName,'it''s')", "appRoles,displayName")]
    [InlineData("userId in ('a','b') and status/errorCode eq 0", "userId,status")]
    [InlineData("id eq 6fd2c87f-b296-42f0-b197-1e91e994b900 or type eq microsoft.graph.enumType'value'", "id,type")]
    public void A_filter_names_the_first_segment_of_each_property_path(string filter, string properties)
    {
        Assert.Equal(properties.Split(','), RequestSchemaCheck.FilterProperties(filter));
    }

    [Fact]
    public async Task An_expanded_directory_object_keeps_the_properties_of_its_own_type()
    {
        using var harness = Harness();

        var page = await harness.GetOkAsync("roleManagement/directory/roleAssignments?$expand=principal");

        var principal = page["value"]![0]!["principal"]!.AsObject();
        Assert.Equal(("Alice", "Guest"), ((string)principal["displayName"]!, (string)principal["userType"]!));
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

/// <summary>Properties Graph documents on beta only: v1.0 refuses them, beta serves them (sign-ins' <c>authenticationRequirement</c>, role definitions' <c>isPrivileged</c>).</summary>
public sealed class BetaVersionTests
{
    private static JsonObject SignIns(int count) => Collection(Enumerable.Range(0, count).Select(i => new JsonObject
    {
        ["id"] = string.Create(CultureInfo.InvariantCulture, $"s{i}"),
        ["createdDateTime"] = "2026-11-20T10:00:00Z",
        ["userId"] = i % 2 == 0 ? "u-admin" : "u-other",
        ["clientAppUsed"] = "Browser",
        ["authenticationRequirement"] = "multiFactorAuthentication",
    }));

    [Theory]
    [InlineData("auditLogs/signIns?$select=id,authenticationRequirement", "authenticationRequirement")]
    [InlineData("auditLogs/signIns?$filter=authenticationRequirement eq 'multiFactorAuthentication'", "authenticationRequirement")]
    [InlineData("roleManagement/directory/roleDefinitions?$select=id,isPrivileged", "isPrivileged")] // unifiedRoleDefinition: beta only in Microsoft's schema
    public async Task V1_refuses_a_property_graph_documents_only_on_beta(string url, string property)
    {
        using var harness = new EmulatorHarness(Tenant(("auditLogs/signIns.json", SignIns(3))), Unthrottled);

        var (status, body) = await harness.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"Could not find a property named '{property}'", (string)body["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beta_serves_the_same_sign_ins_with_the_property_and_its_next_links_stay_on_beta()
    {
        using var harness = new EmulatorHarness(Tenant(("auditLogs/signIns.json", SignIns(5))), Unthrottled);

        var pages = await harness.GetAllPagesAsync($"{GraphEmulatorBase("beta")}/auditLogs/signIns?$filter=userId eq 'u-admin'&$select=id,userId,authenticationRequirement&$top=2");

        Assert.Equal(["s0", "s2", "s4"], pages.SelectMany(Ids));
        Assert.All(pages.SelectMany(p => p["value"]!.AsArray()), item => Assert.Equal("multiFactorAuthentication", (string)item!["authenticationRequirement"]!));
        Assert.All(pages.Select(p => (string?)p["@odata.nextLink"]).OfType<string>(), link => Assert.StartsWith(GraphEmulatorBase("beta") + "/auditLogs/signIns?", link, StringComparison.Ordinal));
        Assert.Equal(2, pages.Count);
    }

    private static string GraphEmulatorBase(string version) => $"https://graph.microsoft.com/{version}";
}

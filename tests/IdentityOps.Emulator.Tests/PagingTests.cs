using System.Net;
using System.Text.Json.Nodes;
using IdentityOps.Emulator;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

public sealed class PagingTests
{
    [Fact]
    public async Task The_default_page_is_100_and_top_is_honoured_up_to_999()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(1200)))), Unthrottled);

        Assert.Equal(100, Ids(await harness.GetOkAsync("users")).Count);
        Assert.Equal(999, Ids(await harness.GetOkAsync("users?$top=999")).Count);
        Assert.Equal(7, Ids(await harness.GetOkAsync("users?$top=7")).Count);
    }

    [Theory]
    [InlineData("users?$top=1000", 999)]
    [InlineData("applications?$top=1000", 999)]
    [InlineData("servicePrincipals?$top=0", 999)]
    [InlineData("users?$select=id,signInActivity&$top=501", 500)]
    [InlineData("auditLogs/signIns?$top=1001", 1000)]
    public async Task A_top_above_the_endpoint_maximum_is_refused_as_Graph_refuses_it(string url, int maximum)
    {
        using var harness = new EmulatorHarness(Tenant(), Unthrottled);

        var (status, body) = await harness.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Request_UnsupportedQuery", ErrorCode(body));
        Assert.Contains($"Must be between 1 and {maximum} inclusive", (string)body["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_with_signInActivity_accept_pages_of_500()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(600)))), Unthrottled);

        Assert.Equal(500, Ids(await harness.GetOkAsync("users?$select=id,signInActivity&$top=500")).Count);
    }

    [Fact]
    public async Task Sign_in_logs_come_in_pages_of_1000_by_default()
    {
        var signIns = Enumerable.Range(0, 1500).Select(i => (JsonNode)new JsonObject { ["id"] = $"s{i}" });
        using var harness = new EmulatorHarness(Tenant(("auditLogs/signIns.json", Collection(signIns))), Unthrottled);

        var first = await harness.GetOkAsync("auditLogs/signIns");

        Assert.Equal(1000, Ids(first).Count);
        Assert.NotNull(first["@odata.nextLink"]);
    }

    [Fact]
    public async Task Following_the_next_links_yields_every_item_exactly_once_in_order()
    {
        var users = Users(1234).ToList();
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(users))), Unthrottled);

        var pages = await harness.GetAllPagesAsync("users?$top=100&$select=id,displayName");

        Assert.Equal(13, pages.Count);
        Assert.All(pages, page => Assert.True(Ids(page).Count <= 100));
        Assert.Equal(users.Select(user => (string)user["id"]!), pages.SelectMany(Ids));
    }

    [Fact]
    public async Task The_next_link_is_absolute_and_opaque_and_keeps_the_query()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(300)))), Unthrottled);

        var nextLink = (string)(await harness.GetOkAsync("users?$top=100&$select=id,displayName"))["@odata.nextLink"]!;

        Assert.StartsWith(GraphEmulator.BaseUrl + "/users?", nextLink, StringComparison.Ordinal);
        var query = nextLink[(nextLink.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&');
        Assert.Contains("$top=100", query);
        Assert.DoesNotContain(query, option => option.StartsWith("$skip=", StringComparison.Ordinal));
        var token = query.Single(option => option.StartsWith("$skiptoken=", StringComparison.Ordinal))["$skiptoken=".Length..];
        Assert.True(token.Length >= 16, token);
        Assert.False(long.TryParse(token, out _), "A skiptoken must not be a bare offset.");
    }

    [Fact]
    public async Task Retrying_a_next_link_returns_the_same_page_and_the_same_next_link()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(300)))), Unthrottled);
        var nextLink = (string)(await harness.GetOkAsync("users?$top=100"))["@odata.nextLink"]!;

        var once = await harness.GetOkAsync(nextLink);
        var twice = await harness.GetOkAsync(nextLink);

        Assert.Equal(Ids(once), Ids(twice));
        Assert.Equal("user-000100", Ids(once)[0]);
        Assert.Equal((string?)once["@odata.nextLink"], (string?)twice["@odata.nextLink"]);
    }

    [Fact]
    public async Task A_page_token_expires_after_its_lifetime_with_Directory_ExpiredPageToken()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(300)))), new GraphEmulatorOptions { ThrottlingEnabled = false, PageTokenLifetime = TimeSpan.FromMinutes(10) });
        var nextLink = (string)(await harness.GetOkAsync("users?$top=100"))["@odata.nextLink"]!;

        harness.Time.Advance(TimeSpan.FromMinutes(9));
        await harness.GetOkAsync(nextLink);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var (status, body) = await harness.GetAsync(nextLink);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Directory_ExpiredPageToken", ErrorCode(body));
    }

    [Fact]
    public async Task An_unknown_page_token_answers_the_expired_token_error()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(300)))), Unthrottled);

        var (status, body) = await harness.GetAsync("users?$skiptoken=RFNwdAIAAQAAAB8");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Directory_ExpiredPageToken", ErrorCode(body));
    }

    [Fact]
    public async Task A_filter_holds_on_every_page_of_the_query()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(301)))), Unthrottled);

        var pages = await harness.GetAllPagesAsync("users?$top=40&$filter=accountEnabled eq true");
        var items = pages.SelectMany(page => page["value"]!.AsArray()).ToList();

        Assert.Equal(151, items.Count);
        Assert.All(items, item => Assert.True((bool)item!["accountEnabled"]!));
    }

    [Fact]
    public async Task Concurrent_pagings_each_see_every_item_once()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(2000)))), Unthrottled);

        var runs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => harness.GetAllPagesAsync("users?$top=97"))));

        Assert.All(runs, pages => Assert.Equal(2000, pages.SelectMany(Ids).Distinct().Count()));
        Assert.All(runs, pages => Assert.Equal(2000, pages.SelectMany(Ids).Count()));
    }
}

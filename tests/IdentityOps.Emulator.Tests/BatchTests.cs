using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

public sealed class BatchTests
{
    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostBatchAsync(EmulatorHarness harness, IEnumerable<JsonObject> requests)
    {
        var payload = new JsonObject { ["requests"] = new JsonArray([.. requests]) };
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await harness.Client.PostAsync("$batch", content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static JsonObject Get(string id, string url) => new() { ["id"] = id, ["method"] = "GET", ["url"] = url };

    [Fact]
    public async Task Each_inner_request_is_answered_on_its_own_in_a_200_batch()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(3))), ("applications.json", Collection(Users(2)))), Unthrottled);

        var (status, body) = await PostBatchAsync(harness,
        [
            Get("1", "/users?$top=1"),
            Get("2", "applications"),
            Get("3", "/policies/authorizationPolicy"),
            new JsonObject { ["id"] = "4", ["method"] = "PATCH", ["url"] = "/users/user-000001", ["body"] = new JsonObject(), ["headers"] = new JsonObject { ["Content-Type"] = "application/json" } },
        ]);

        Assert.Equal(HttpStatusCode.OK, status);
        var responses = body["responses"]!.AsArray();
        Assert.Equal(["1", "2", "3", "4"], responses.Select(response => (string)response!["id"]!));
        Assert.Equal([200, 200, 404, 405], responses.Select(response => (int)response!["status"]!));
        Assert.Single(responses[0]!["body"]!["value"]!.AsArray());
        Assert.Equal(2, responses[1]!["body"]!["value"]!.AsArray().Count);
        Assert.Equal("Request_ResourceNotFound", (string)responses[2]!["body"]!["error"]!["code"]!);
    }

    [Fact]
    public async Task An_inner_request_over_its_limit_is_a_429_inside_the_batch_with_its_own_Retry_After()
    {
        using var harness = new EmulatorHarness(Tenant());

        var (status, body) = await PostBatchAsync(harness, Enumerable.Range(1, 7).Select(i => Get($"{i}", "auditLogs/signIns")));

        Assert.Equal(HttpStatusCode.OK, status);
        var responses = body["responses"]!.AsArray();
        Assert.Equal([200, 200, 200, 200, 200, 429, 429], responses.Select(response => (int)response!["status"]!));
        Assert.Equal("10", (string)responses[5]!["headers"]!["Retry-After"]!);
        Assert.Equal("TooManyRequests", (string)responses[6]!["body"]!["error"]!["code"]!);
        var log = harness.Emulator.Log.Requests;
        Assert.Equal(7, log.Count(request => request.InsideBatch));
        Assert.Single(log, request => !request.InsideBatch && request.PathAndQuery.EndsWith("$batch", StringComparison.Ordinal));
        Assert.Equal(2, harness.Emulator.Log.Throttled);
    }

    [Fact]
    public async Task Twenty_requests_are_accepted_and_twenty_one_are_a_bad_request()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(3)))), Unthrottled);

        var (twenty, _) = await PostBatchAsync(harness, Enumerable.Range(1, 20).Select(i => Get($"{i}", "users")));
        var (twentyOne, body) = await PostBatchAsync(harness, Enumerable.Range(1, 21).Select(i => Get($"{i}", "users")));

        Assert.Equal(HttpStatusCode.OK, twenty);
        Assert.Equal(HttpStatusCode.BadRequest, twentyOne);
        Assert.Equal("BadRequest", ErrorCode(body));
    }

    [Fact]
    public async Task The_outer_batch_costs_nothing_beyond_its_inner_requests()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(3)))));

        await PostBatchAsync(harness, [Get("1", "users"), Get("2", "users?$select=id"), Get("3", "servicePrincipals")]);

        Assert.Equal(2 + 1 + 1, harness.Emulator.Log.ResourceUnitsSpent);
        Assert.Equal(0, harness.Emulator.Log.Requests.Single(request => !request.InsideBatch).ResourceUnits);
    }

    [Fact]
    public async Task A_batch_with_duplicate_ids_is_a_bad_request()
    {
        using var harness = new EmulatorHarness(Tenant(), Unthrottled);

        var (status, _) = await PostBatchAsync(harness, [Get("1", "users"), Get("1", "applications")]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityOps.Emulator;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

public sealed class FaultTests
{
    private static GraphEmulatorOptions Faults(int seed, double probability, params FaultKind[] kinds) =>
        new() { ThrottlingEnabled = false, Faults = new FaultPlan(seed, probability, kinds) };

    private static async Task<List<int>> StatusesAsync(int seed)
    {
        using var harness = new EmulatorHarness(
            Tenant(("users.json", Collection(Users(5)))),
            Faults(seed, 0.5, FaultKind.TooManyRequestsWithRetryAfter, FaultKind.ServiceUnavailable, FaultKind.GatewayTimeout));
        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await harness.Client.GetAsync("users");
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults_and_another_seed_other_ones()
    {
        var first = await StatusesAsync(42);
        var second = await StatusesAsync(42);
        var other = await StatusesAsync(7);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains(200, first);
        Assert.Contains(first, status => status is 429 or 503 or 504);
    }

    [Fact]
    public async Task Retrying_each_faulted_url_still_yields_every_page_exactly_once()
    {
        var users = Users(500).ToList();
        using var harness = new EmulatorHarness(
            Tenant(("users.json", Collection(users))),
            Faults(3, 0.5, FaultKind.ServiceUnavailable, FaultKind.ExpiredPageToken, FaultKind.TooManyRequestsFractionalRetryAfter, FaultKind.GatewayTimeout));
        var ids = new List<string>();
        string? next = "users?$top=50";

        while (next is not null)
        {
            var (status, body) = await harness.GetAsync(next);
            if (status != HttpStatusCode.OK)
            {
                continue;
            }

            ids.AddRange(Ids(body));
            next = (string?)body["@odata.nextLink"];
        }

        Assert.Equal(users.Select(user => (string)user["id"]!), ids);
        Assert.Contains(harness.Emulator.Log.Requests, request => request.Status == 400);
        Assert.Contains(harness.Emulator.Log.Requests, request => request.Status is 429 or 503 or 504);
    }

    [Theory]
    [InlineData(FaultKind.TooManyRequestsWithRetryAfter, true, false)]
    [InlineData(FaultKind.TooManyRequestsFractionalRetryAfter, true, true)]
    [InlineData(FaultKind.TooManyRequestsWithoutRetryAfter, false, false)]
    public async Task Injected_429s_carry_the_Retry_After_their_kind_names(FaultKind kind, bool hasRetryAfter, bool fractional)
    {
        using var harness = new EmulatorHarness(Tenant(), Faults(11, 1, kind));

        using var response = await harness.Client.GetAsync("users");
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(hasRetryAfter, retryAfter is not null);
        if (retryAfter is not null)
        {
            Assert.Equal(fractional, retryAfter.Contains('.', StringComparison.Ordinal));
        }

        Assert.Equal(1, harness.Emulator.Log.Throttled);
        Assert.Equal(0, harness.Emulator.Log.ResourceUnitsSpent);
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(FaultKind.GatewayTimeout, HttpStatusCode.GatewayTimeout)]
    public async Task Server_errors_come_with_a_Graph_error_body(FaultKind kind, HttpStatusCode expected)
    {
        using var harness = new EmulatorHarness(Tenant(), Faults(11, 1, kind));

        var (status, body) = await harness.GetAsync("users");

        Assert.Equal(expected, status);
        Assert.NotNull(body["error"]!["innerError"]!["request-id"]);
    }

    [Fact]
    public async Task A_dropped_connection_throws_HttpRequestException_with_an_inner_IOException()
    {
        using var harness = new EmulatorHarness(Tenant(), Faults(1, 1, FaultKind.DroppedConnection));

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => harness.Client.GetAsync("users"));

        Assert.IsType<IOException>(exception.InnerException);
    }

    [Fact]
    public async Task A_truncated_body_is_a_200_whose_json_is_cut_in_half()
    {
        var tenant = Tenant(("users.json", Collection(Users(20))));
        using var faulty = new EmulatorHarness(tenant, Faults(1, 1, FaultKind.TruncatedBody));
        using var healthy = new EmulatorHarness(tenant, Unthrottled);

        using var response = await faulty.Client.GetAsync("users?$select=id");
        var text = await response.Content.ReadAsStringAsync();
        var whole = await healthy.Client.GetStringAsync("users?$select=id");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(whole.Length / 2, text.Length);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(text));
    }

    [Fact]
    public async Task A_slow_response_waits_on_the_time_provider()
    {
        using var harness = new EmulatorHarness(Tenant(), Faults(5, 1, FaultKind.SlowResponse));
        using var invoker = new HttpMessageInvoker(harness.Emulator, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, GraphEmulator.BaseUrl + "/users");

        var pending = invoker.SendAsync(request, CancellationToken.None);
        var waitedBeforeTimeMoved = !pending.IsCompleted;
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        using var response = await pending;

        Assert.True(waitedBeforeTimeMoved);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_slow_response_honours_cancellation()
    {
        using var harness = new EmulatorHarness(Tenant(), Faults(5, 1, FaultKind.SlowResponse));
        using var invoker = new HttpMessageInvoker(harness.Emulator, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, GraphEmulator.BaseUrl + "/users");
        using var cancellation = new CancellationTokenSource();

        var pending = invoker.SendAsync(request, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task Faults_reach_inner_batch_requests()
    {
        using var harness = new EmulatorHarness(Tenant(), Faults(9, 1, FaultKind.ServiceUnavailable));
        var payload = """{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"2","method":"GET","url":"/applications"}]}""";
        using var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");

        using var response = await harness.Client.PostAsync("$batch", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([503, 503], body["responses"]!.AsArray().Select(inner => (int)inner!["status"]!));
    }
}

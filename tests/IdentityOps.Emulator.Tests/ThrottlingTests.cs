using System.Net;
using System.Text.Json.Nodes;
using IdentityOps.Emulator;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

public sealed class ThrottlingTests
{
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static async Task<HttpResponseMessage[]> GetManyAsync(EmulatorHarness harness, string url, int count)
    {
        var responses = new HttpResponseMessage[count];
        for (var i = 0; i < count; i++)
        {
            responses[i] = await harness.Client.GetAsync(url);
        }

        return responses;
    }

    [Fact]
    public async Task Exceeding_the_resource_unit_budget_answers_429_with_a_fractional_Retry_After_and_the_scope()
    {
        // 10 users: the small tier, 3,500 resource units per 10 s; GET users costs 2.
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(10)))));
        await GetManyAsync(harness, "users", 1000);
        harness.Time.Advance(TimeSpan.FromMilliseconds(2128));
        var filling = await GetManyAsync(harness, "users", 750);

        using var throttled = await harness.Client.GetAsync("users");
        var body = JsonNode.Parse(await throttled.Content.ReadAsStringAsync())!.AsObject();
        harness.Time.Advance(TimeSpan.FromMilliseconds(7872));
        using var retried = await harness.Client.GetAsync("users");

        Assert.All(filling, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("7.872", Header(throttled, "Retry-After"));
        Assert.StartsWith("Tenant_Application/Read/", Header(throttled, "x-ms-throttle-scope"), StringComparison.Ordinal);
        Assert.Equal("TooManyRequests", ErrorCode(body));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(3500 + 2, harness.Emulator.Log.ResourceUnitsSpent);
        Assert.Equal(1, harness.Emulator.Log.Throttled);
    }

    [Fact]
    public async Task The_budget_follows_the_tenant_size()
    {
        // 600 users: the large tier, 8,000 resource units per 10 s; a GET of servicePrincipals costs 1.
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(600)))));

        var responses = await GetManyAsync(harness, "servicePrincipals", 8001);

        Assert.Equal(8000, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[^1].StatusCode);
    }

    [Theory]
    [InlineData("users", "2")]
    [InlineData("users?$select=id,displayName", "1")]
    [InlineData("users?$top=5", "1")]
    [InlineData("applications?$expand=owners", "3")]
    [InlineData("applications?$select=id&$expand=owners", "2")]
    [InlineData("servicePrincipals", "1")]
    [InlineData("servicePrincipals/sp-1/appRoleAssignedTo", "2")]
    [InlineData("oauth2PermissionGrants", "2")]
    [InlineData("policies/authorizationPolicy", "1")]
    public async Task Every_response_carries_its_resource_unit_cost(string url, string cost)
    {
        using var harness = new EmulatorHarness(Tenant());

        using var response = await harness.Client.GetAsync(url);

        Assert.Equal(cost, Header(response, "x-ms-resource-unit"));
    }

    [Fact]
    public async Task Past_80_percent_of_a_limit_responses_carry_the_limit_percentage()
    {
        using var harness = new EmulatorHarness(Tenant());

        var responses = await GetManyAsync(harness, "reports/authenticationMethods/userRegistrationDetails", 5);

        Assert.Equal([null, null, null, null, "1"], responses.Select(response => Header(response, "x-ms-throttle-limit-percentage")));
    }

    [Fact]
    public async Task Sign_in_logs_allow_five_requests_per_ten_seconds()
    {
        using var harness = new EmulatorHarness(Tenant());

        var responses = await GetManyAsync(harness, "auditLogs/signIns", 6);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        using var later = await harness.Client.GetAsync("auditLogs/signIns");

        Assert.Equal(5, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[^1].StatusCode);
        Assert.Equal("10", Header(responses[^1], "Retry-After"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Users_with_signInActivity_have_their_own_limit_of_ten_per_minute()
    {
        using var harness = new EmulatorHarness(Tenant(("users.json", Collection(Users(10)))));

        var responses = await GetManyAsync(harness, "users?$select=id,signInActivity", 11);
        using var plain = await harness.Client.GetAsync("users?$select=id");

        Assert.Equal(10, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[^1].StatusCode);
        Assert.Equal("60", Header(responses[^1], "Retry-After"));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task Conditional_access_allows_one_request_per_second_and_its_429_has_no_Retry_After()
    {
        using var harness = new EmulatorHarness(Tenant());

        var responses = await GetManyAsync(harness, "identity/conditionalAccess/policies", 2);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        using var later = await harness.Client.GetAsync("identity/conditionalAccess/policies");

        Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[1].StatusCode);
        Assert.Null(Header(responses[1], "Retry-After"));
        Assert.StartsWith("Tenant/Read/", Header(responses[1], "x-ms-throttle-scope"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task The_speed_factor_divides_the_windows_and_the_Retry_After()
    {
        using var harness = new EmulatorHarness(Tenant(), new GraphEmulatorOptions { ThrottleSpeedFactor = 8 });

        var responses = await GetManyAsync(harness, "auditLogs/signIns", 6);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1250));
        using var later = await harness.Client.GetAsync("auditLogs/signIns");

        Assert.Equal("1.25", Header(responses[^1], "Retry-After"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Throttling_can_be_switched_off_and_costs_are_still_counted()
    {
        using var harness = new EmulatorHarness(Tenant(), Unthrottled);

        var responses = await GetManyAsync(harness, "auditLogs/signIns", 20);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(20, harness.Emulator.Log.ResourceUnitsSpent);
    }

    [Fact]
    public async Task A_throttle_priority_header_is_accepted()
    {
        using var harness = new EmulatorHarness(Tenant());
        using var request = new HttpRequestMessage(HttpMethod.Get, "users");
        request.Headers.Add("x-ms-throttle-priority", "low");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

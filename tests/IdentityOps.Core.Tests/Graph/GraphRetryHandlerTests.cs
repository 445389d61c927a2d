using System.Net;
using IdentityOps.Core.Graph;
using IdentityOps.Testing.Graph;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Core.Tests.Graph;

public sealed class GraphRetryHandlerTests
{
    [Theory]
    [InlineData("2.128", 2128)]
    [InlineData("3", 3000)]
    [InlineData("0.5", 500)]
    public void Retry_after_is_read_in_whole_and_fractional_seconds(string header, int expectedMilliseconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), GraphRetryHandler.RetryAfter(response.Headers, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task A_throttled_request_waits_the_fractional_retry_after_and_then_succeeds()
    {
        var clock = new FakeTimeProvider();
        var transport = new RecordingHandler((_, n) =>
        {
            if (n > 1)
            {
                return RecordingHandler.Ok();
            }

            var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            throttled.Headers.TryAddWithoutValidation("Retry-After", "2.128");
            return throttled;
        });
        using var client = new HttpClient(new GraphRetryHandler(new GraphRetryOptions(), clock) { InnerHandler = transport });

        var pending = client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));
        await WaitUntilAsync(() => transport.Received.Count == 1);
        clock.Advance(TimeSpan.FromMilliseconds(2127));
        await Task.Delay(50);
        Assert.Single(transport.Received); // not before the 2.128 s Graph asked for

        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, transport.Received.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Without_retry_after_it_backs_off_and_retries(HttpStatusCode status)
    {
        var transport = new RecordingHandler((_, n) => n < 3 ? new HttpResponseMessage(status) : RecordingHandler.Ok());
        using var client = new HttpClient(new GraphRetryHandler(new GraphRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System) { InnerHandler = transport });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, transport.Received.Count);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        var calls = 0;
        var transport = new RecordingHandler((_, _) => ++calls == 1 ? throw new HttpRequestException("connection reset", new IOException()) : RecordingHandler.Ok());
        using var client = new HttpClient(new GraphRetryHandler(new GraphRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System) { InnerHandler = transport });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task It_gives_up_after_the_configured_retries_and_returns_the_last_answer()
    {
        var transport = new RecordingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = new HttpClient(new GraphRetryHandler(new GraphRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System) { InnerHandler = transport });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, transport.Received.Count);
    }

    [Theory]
    [InlineData("120", 120_000)]
    [InlineData("60.5", 60_500)]
    public async Task A_retry_after_beyond_the_long_throttle_is_not_waited_out_but_handed_to_the_caller(string header, int expectedMilliseconds)
    {
        var transport = new RecordingHandler((_, _) =>
        {
            var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            throttled.Headers.TryAddWithoutValidation("Retry-After", header);
            return throttled;
        });
        using var client = new HttpClient(new GraphRetryHandler(new GraphRetryOptions(), new FakeTimeProvider()) { InnerHandler = transport });

        var thrown = await Assert.ThrowsAsync<GraphThrottledException>(() => client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users")));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), thrown.RetryAfter);
        Assert.Single(transport.Received);
    }

    [Fact]
    public async Task Throttling_past_the_retry_budget_is_handed_to_the_caller_with_the_last_retry_after()
    {
        var transport = new RecordingHandler((_, _) =>
        {
            var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            throttled.Headers.TryAddWithoutValidation("Retry-After", "0.01");
            return throttled;
        });
        using var client = new HttpClient(new GraphRetryHandler(new GraphRetryOptions { MaxRetries = 2 }, TimeProvider.System) { InnerHandler = transport });

        var thrown = await Assert.ThrowsAsync<GraphThrottledException>(() => client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users")));

        Assert.Equal(TimeSpan.FromMilliseconds(10), thrown.RetryAfter);
        Assert.Equal(3, transport.Received.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }
}

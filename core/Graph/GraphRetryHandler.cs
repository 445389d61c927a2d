using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace IdentityOps.Core.Graph;

/// <summary>How the Graph pipeline retries throttled and failing requests.</summary>
public sealed class GraphRetryOptions
{
    /// <summary>Attempts after the first. The default is 8.</summary>
    public int MaxRetries { get; init; } = 8;

    /// <summary>First back-off when Graph gives no Retry-After; doubles each attempt. The default is 1 second.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single wait. The default is 60 seconds.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A 429 whose Retry-After is longer than this is not waited out in process: the request fails with
    /// <see cref="GraphThrottledException"/>, so a scan job can checkpoint and come back later instead of
    /// holding its queue message (security-pitfalls 12). The default is 60 seconds.
    /// </summary>
    public TimeSpan LongThrottle { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Graph throttled a request for longer than the client waits in process (a Retry-After beyond
/// <see cref="GraphRetryOptions.LongThrottle"/>, or 429s past the retry budget). Not a failure of
/// the data: the work should resume after <see cref="RetryAfter"/>.
/// </summary>
public sealed class GraphThrottledException(TimeSpan retryAfter)
    : Exception($"Microsoft Graph throttled the scan; it can resume in {retryAfter.TotalSeconds:0.###} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Retries 429, 503 and 504 answers and dropped connections. It replaces the SDK's retry handler,
/// which parses only whole-second and date <c>Retry-After</c> values, while Graph sends fractional
/// ones (<c>2.128</c> in its own documentation). Without a Retry-After (conditional access sends
/// none) it backs off exponentially with jitter.
/// </summary>
public sealed class GraphRetryHandler(GraphRetryOptions options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            using var attemptRequest = attempt == 0 ? null : Clone(request, body);
            try
            {
                response = await base.SendAsync(attemptRequest ?? request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < options.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), time, cancellationToken);
                continue;
            }

            if (!IsRetryable(response.StatusCode))
            {
                return response;
            }

            var retryAfter = RetryAfter(response.Headers, time.GetUtcNow());
            if (response.StatusCode == HttpStatusCode.TooManyRequests && (retryAfter > options.LongThrottle || attempt >= options.MaxRetries))
            {
                // Waiting minutes here would hold the queue message (and the function's time limit);
                // the caller checkpoints and comes back after the wait instead.
                response.Dispose();
                throw new GraphThrottledException(retryAfter ?? options.MaxDelay);
            }

            if (attempt >= options.MaxRetries)
            {
                return response;
            }

            var delay = retryAfter ?? Backoff(attempt);
            response.Dispose();
            await Task.Delay(delay > options.MaxDelay ? options.MaxDelay : delay, time, cancellationToken);
        }
    }

    public static bool IsRetryable(HttpStatusCode status)
        => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Reads Retry-After as seconds (whole or fractional) or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (!headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var raw = values.FirstOrDefault()?.Trim();
        if (double.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date > now
            ? date - now
            : null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 10));
#pragma warning disable CA5394 // jitter only spreads retries; it protects nothing
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxDelay.TotalMilliseconds));
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            clone.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        if (body is not null)
        {
            clone.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return clone;
    }
}

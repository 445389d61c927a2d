using System.Net;
using System.Text;

namespace IdentityOps.Testing.Graph;

/// <summary>
/// Answers matching requests with Graph's 429 and the given <c>Retry-After</c> (as Graph writes it: seconds, possibly
/// fractional), at most <paramref name="times"/> times; passes everything else on. Counts what it throttled.
/// </summary>
public sealed class ThrottlingTransport(HttpMessageHandler inner, Func<Uri, bool> matches, string? retryAfter, int times = int.MaxValue) : DelegatingHandler(inner)
{
    private int remaining = times;
    private int throttled;

    public int Throttled => Volatile.Read(ref throttled);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && matches(uri) && Interlocked.Decrement(ref remaining) >= 0)
        {
            Interlocked.Increment(ref throttled);
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                Content = new StringContent("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Throttled by the test.\"}}", Encoding.UTF8, "application/json"),
            };
            if (retryAfter is not null)
            {
                response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            }

            return Task.FromResult(response);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

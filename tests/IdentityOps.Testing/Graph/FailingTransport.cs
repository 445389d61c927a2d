using System.Net;
using System.Text;

namespace IdentityOps.Testing.Graph;

/// <summary>
/// Answers matching requests with a Graph error (a 403 for a missing licence or consent, a 400 for
/// an expired page token), at most <paramref name="times"/> times; passes everything else on.
/// </summary>
public sealed class FailingTransport(HttpMessageHandler inner, Func<Uri, bool> matches, HttpStatusCode status, string code, int times = int.MaxValue) : DelegatingHandler(inner)
{
    private int remaining = times;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && matches(uri) && Interlocked.Decrement(ref remaining) >= 0)
        {
            return Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent("{\"error\":{\"code\":\"" + code + "\",\"message\":\"Failed by the test.\"}}", Encoding.UTF8, "application/json"),
            });
        }

        return base.SendAsync(request, cancellationToken);
    }
}

using System.Net;
using System.Text;

namespace IdentityOps.Testing.Graph;

/// <summary>Answers 403 with a Graph error for matching requests, as Graph does without a licence or consent; passes the rest on.</summary>
public sealed class ForbiddenTransport(HttpMessageHandler inner, Func<Uri, bool> forbidden, string code) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && forbidden(uri))
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent("{\"error\":{\"code\":\"" + code + "\",\"message\":\"Forbidden by the test.\"}}", Encoding.UTF8, "application/json"),
            });
        }

        return base.SendAsync(request, cancellationToken);
    }
}

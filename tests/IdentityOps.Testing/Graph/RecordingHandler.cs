using System.Net;

namespace IdentityOps.Testing.Graph;

/// <summary>A transport that records what reached it and answers from a script.</summary>
public sealed class RecordingHandler(Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<HttpRequestMessage> Received { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Received.Add(request);
        return Task.FromResult(answer(request, Received.Count));
    }

    public static HttpResponseMessage Ok() => new(HttpStatusCode.OK) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
}

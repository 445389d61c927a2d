using IdentityOps.Core.Graph.Collection;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Serialization.Text;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace IdentityOps.Core.Graph;

/// <summary>
/// Builds the one kind of <see cref="GraphServiceClient"/> IdentityOps uses: the SDK's pipeline
/// with its retry handler replaced by <see cref="GraphRetryHandler"/>, no redirects followed, and
/// <see cref="ReadOnlyGraphGuard"/> as the last handler before the network.
/// </summary>
public static class GraphClientBuilder
{
    public static GraphServiceClient Create(
        IAuthenticationProvider authentication,
        GraphRetryOptions retry,
        TimeProvider time,
        HttpMessageHandler? transport = null,
        GraphThrottlePriority priority = GraphThrottlePriority.High,
        GraphPacingOptions? pacing = null)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers(new GraphClientOptions());

        // A redirect is a second request nobody checked; Graph's directory reads never redirect.
        var pipeline = handlers.Where(h => h is not RetryHandler and not RedirectHandler).ToList();
        pipeline.Insert(0, new GraphRetryHandler(retry, time));
        pipeline.Insert(1, new GraphRequestPacer(pacing ?? new GraphPacingOptions(), time));
        pipeline.Add(new ThrottlePriorityHandler(priority));
        pipeline.Add(new ReadOnlyGraphGuard());

        var httpClient = GraphClientFactory.Create(pipeline, version: "v1.0", finalHandler: transport ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        httpClient.Timeout = TimeSpan.FromMinutes(2);
        return new GraphServiceClient(new BaseGraphRequestAdapter(authentication, parseNodeFactory: ParseNodes(), httpClient: httpClient));
    }

    /// <summary>
    /// The SDK's parse node factories with JSON read through <see cref="NullKeepingJsonParseNodeFactory"/>, so the
    /// collector can tell a property Graph sent as null from one it did not send (see <see cref="PropertyPresence"/>).
    /// </summary>
    private static BackingStoreParseNodeFactory ParseNodes()
    {
        var registry = new ParseNodeFactoryRegistry();
        var json = new NullKeepingJsonParseNodeFactory();
        registry.ContentTypeAssociatedFactories[json.ValidContentType] = json;
        registry.ContentTypeAssociatedFactories["text/plain"] = new TextParseNodeFactory();
        return new BackingStoreParseNodeFactory(registry);
    }
}

/// <summary>
/// How Graph should rank this client's requests when a tenant nears its limits: a scan an admin is
/// waiting for is <see cref="High"/>, a scheduled one <see cref="Low"/> (throttled first). The
/// limits themselves stay the same.
/// </summary>
public enum GraphThrottlePriority
{
    High,
    Low,
}

internal sealed class ThrottlePriorityHandler(GraphThrottlePriority priority) : DelegatingHandler
{
    private readonly string value = priority == GraphThrottlePriority.Low ? "low" : "high";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("x-ms-throttle-priority", value);
        return base.SendAsync(request, cancellationToken);
    }
}

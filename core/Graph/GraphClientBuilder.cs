using Microsoft.Graph;
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
        HttpMessageHandler? transport = null)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers(new GraphClientOptions());

        // A redirect is a second request nobody checked; Graph's directory reads never redirect.
        var pipeline = handlers.Where(h => h is not RetryHandler and not RedirectHandler).ToList();
        pipeline.Insert(0, new GraphRetryHandler(retry, time));
        pipeline.Add(new ReadOnlyGraphGuard());

        var httpClient = GraphClientFactory.Create(pipeline, version: "v1.0", finalHandler: transport ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        httpClient.Timeout = TimeSpan.FromMinutes(2);
        return new GraphServiceClient(httpClient, authentication);
    }
}

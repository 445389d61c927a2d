using Microsoft.Graph;

namespace IdentityOps.Core.Graph;

/// <summary>
/// Where Graph requests go: the network unless a handler is registered. Tests register the emulator;
/// nothing in production does.
/// </summary>
public sealed class GraphTransport(Func<HttpMessageHandler> createHandler)
{
    public HttpMessageHandler CreateHandler() => createHandler();
}

/// <summary>Graph clients that read a tenant as the admin of a delegated session.</summary>
public sealed class DelegatedGraphClientFactory(IDelegatedGraphTokens tokens, TimeProvider time, GraphTransport? transport = null, GraphRetryOptions? retry = null, GraphHosts? hosts = null)
{
    public GraphServiceClient Create(Guid tenantId, string sessionKey, GraphThrottlePriority priority)
        => GraphClientBuilder.Create(
            new DelegatedGraphAuthenticationProvider(tokens, tenantId, sessionKey, hosts ?? GraphHosts.Global),
            retry ?? new GraphRetryOptions(),
            time,
            transport?.CreateHandler(),
            priority);
}

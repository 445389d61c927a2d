using System.Net;
using System.Net.Sockets;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>Resolves a host name to addresses; the default asks the system resolver, tests give their own.</summary>
public interface IOutboundDnsResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class SystemDnsResolver : IOutboundDnsResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>Thrown when a webhook would connect to a forbidden address; nothing was sent.</summary>
public sealed class ForbiddenDestinationException(string message) : HttpRequestException(message);

/// <summary>
/// The only way webhooks reach the network: a <see cref="SocketsHttpHandler"/> whose
/// <c>ConnectCallback</c> resolves the host itself and dials only an address it has just checked, so a
/// name that resolves to a public address for validation and to 127.0.0.1 at send time (DNS
/// rebinding) is refused at the moment it matters. No redirects (a redirect is a second, unchecked
/// request), no proxy (the proxy would do the resolving), short timeouts.
/// </summary>
public static class SafeOutboundHttpHandler
{
    /// <summary>How long one webhook request may take in all.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static SocketsHttpHandler Create(IOutboundDnsResolver resolver) => Create(resolver, OutboundAddressPolicy.IsForbidden);

    /// <summary>With another address policy: only for tests that need one reachable server (a redirecting one) besides the refused ones.</summary>
    internal static SocketsHttpHandler Create(IOutboundDnsResolver resolver, Func<IPAddress, bool> isForbidden)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(resolver, isForbidden, context.DnsEndPoint, cancellationToken),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(IOutboundDnsResolver resolver, Func<IPAddress, bool> isForbidden, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolver.ResolveAsync(endpoint.Host, cancellationToken);

        // Refuse the name when any of its addresses is forbidden: a name that mixes a public address
        // with an internal one is an attack, not a fallback list.
        if (addresses.Length == 0 || addresses.Any(isForbidden))
        {
            throw new ForbiddenDestinationException($"The webhook host {endpoint.Host} resolves to an address IdentityOps never connects to (loopback, private, link-local, CGNAT, metadata, multicast or reserved).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            foreach (var address in addresses)
            {
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                    break;
                }
                catch (SocketException) when (!ReferenceEquals(address, addresses[^1]))
                {
                    // try the next checked address
                }
            }

            // The address actually dialled, checked once more (the only one that matters).
            if (socket.RemoteEndPoint is not IPEndPoint dialled || isForbidden(dialled.Address))
            {
                throw new ForbiddenDestinationException($"The webhook connection to {endpoint.Host} reached a forbidden address.");
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The webhooks' HTTP sender: one pooled <see cref="SafeOutboundHttpHandler"/> for the process.</summary>
public sealed class WebhookTransport(HttpMessageHandler handler) : IDisposable
{
    private readonly HttpMessageInvoker invoker = new(handler, disposeHandler: true);

    public WebhookTransport(IOutboundDnsResolver resolver)
        : this(SafeOutboundHttpHandler.Create(resolver))
    {
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SafeOutboundHttpHandler.RequestTimeout);
        return await invoker.SendAsync(request, timeout.Token);
    }

    public void Dispose() => invoker.Dispose();
}

using System.Net;
using System.Net.Sockets;
using IdentityOps.Core.Alerts.Webhooks;

namespace IdentityOps.Testing.Outbound;

/// <summary>Resolves only the names it was given; any other name does not exist.</summary>
public sealed class TestResolver(IReadOnlyDictionary<string, IPAddress[]> names) : IOutboundDnsResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        => names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
}

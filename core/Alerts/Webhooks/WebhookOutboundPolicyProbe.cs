using System.Net;
using System.Net.Sockets;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>
/// The trust page's view of webhook delivery, measured rather than declared: a handler is built the
/// way deliveries build it and its settings read back, and each range the guard must refuse is
/// probed with an address inside it against the same policy the connect callback applies.
/// </summary>
public sealed class WebhookOutboundPolicyProbe(IOutboundDnsResolver resolver) : IOutboundPolicyProbe
{
    public OutboundPolicy Describe()
    {
        using var handler = SafeOutboundHttpHandler.Create(resolver);
        var refused = SsrfGuardCheck.RequiredRanges.Where(range => OutboundAddressPolicy.IsForbidden(AddressInside(range))).ToList();
        return new OutboundPolicy(
            "Standard Webhooks HMAC-SHA256",
            StandardWebhookVerifier.Tolerance,
            ChecksAddressAtConnect: handler.ConnectCallback is not null,
            FollowsRedirects: handler.AllowAutoRedirect,
            UsesProxy: handler.UseProxy,
            refused);
    }

    /// <summary>An address inside a range: the network address plus one, or for the IPv4-embedding forms, loopback embedded.</summary>
    internal static IPAddress AddressInside(string range)
    {
        var network = IPAddress.Parse(range[..range.IndexOf('/', StringComparison.Ordinal)]);
        if (range.StartsWith("::ffff:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback.MapToIPv6();
        }

        var bytes = network.GetAddressBytes();
        if (range.StartsWith("64:ff9b:", StringComparison.OrdinalIgnoreCase))
        {
            IPAddress.Loopback.GetAddressBytes().CopyTo(bytes, 12);
            return new IPAddress(bytes);
        }

        // ::/128 is one address; every other range has room for network + 1.
        if (network.AddressFamily == AddressFamily.InterNetworkV6 && range.EndsWith("/128", StringComparison.Ordinal))
        {
            return network;
        }

        bytes[^1] |= 1;
        return new IPAddress(bytes);
    }
}

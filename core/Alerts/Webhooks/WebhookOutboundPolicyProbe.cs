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
    private static readonly IPAddress PublicV4 = IPAddress.Parse("8.8.8.8");

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

    /// <summary>
    /// An address inside a range: for IPv4 the network address plus one; for IPv6 the network with the public
    /// IPv4 8.8.8.8 in its last 32 bits, so a form that embeds an IPv4 address (IPv4-compatible, NAT64)
    /// is shown refused for what it is, not for the address inside. IPv4-mapped addresses are judged by the
    /// IPv4 inside by design, so that range is probed with mapped loopback.
    /// </summary>
    internal static IPAddress AddressInside(string range)
    {
        var network = IPNetwork.Parse(range);
        if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            var v4 = network.BaseAddress.GetAddressBytes();
            v4[^1] |= 1;
            return new IPAddress(v4);
        }

        if (range.StartsWith("::ffff:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback.MapToIPv6();
        }

        if (network.PrefixLength == 128)
        {
            return network.BaseAddress;
        }

        var v6 = network.BaseAddress.GetAddressBytes();
        PublicV4.GetAddressBytes().CopyTo(v6, 12);
        return new IPAddress(v6);
    }
}

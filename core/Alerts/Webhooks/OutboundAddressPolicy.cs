using System.Net;
using System.Net.Sockets;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>
/// Addresses a webhook may never reach (security-pitfalls 11): "this" network, private, CGNAT,
/// loopback, link-local (the cloud metadata service at 169.254.169.254), IETF protocol assignments,
/// benchmarking, multicast and reserved; in IPv6 unspecified, loopback, unique-local, link-local and
/// multicast; and the IPv6 forms that carry an IPv4 address (mapped <c>::ffff:0:0/96</c>, NAT64
/// <c>64:ff9b::/96</c>), judged by the IPv4 inside.
/// </summary>
public static class OutboundAddressPolicy
{
    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 3), // 224/4 multicast and 240/4 reserved, up to 255.255.255.255
    ];

    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV6 =
    [
        (IPAddress.IPv6None, 128), // ::
        (IPAddress.IPv6Loopback, 128),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");

    /// <summary>True when a webhook must not connect to <paramref name="address"/>.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsForbidden(address.MapToIPv4());
            }

            if (InNetwork(address, Nat64, 96))
            {
                var bytes = address.GetAddressBytes();
                return IsForbidden(new IPAddress(bytes.AsSpan(12, 4)));
            }

            return ForbiddenV6.Any(n => InNetwork(address, n.Network, n.Prefix));
        }

        return address.AddressFamily != AddressFamily.InterNetwork || ForbiddenV4.Any(n => InNetwork(address, n.Network, n.Prefix));
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = prefix / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}

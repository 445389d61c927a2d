using System.Net;
using System.Net.Sockets;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>
/// The addresses a webhook may reach: global unicast only, an allow-list rather than a list of what is
/// private, so a range nobody thought of is refused by default.
/// <list type="bullet">
/// <item>IPv4: everything below 224.0.0.0 (multicast, reserved and broadcast are not unicast) except the blocks
/// of the IANA IPv4 Special-Purpose Address Registry (this network, private, shared CGNAT, loopback,
/// link-local with the cloud metadata service 169.254.169.254, IETF protocol assignments, documentation,
/// benchmarking, the deprecated 6to4 relay anycast). The registry's few globally reachable entries (AS112,
/// AMT, anycast PCP/TURN inside 192.0.0.0/24) are refused too: no webhook receiver lives there.</item>
/// <item>IPv6: only 2000::/3, the Global Unicast block of the IANA IPv6 Address Space registry, without the
/// IANA IPv6 Special-Purpose Address Registry blocks inside it: 2001::/23 (IETF protocol assignments, with
/// Teredo 2001::/32, benchmarking, ORCHID), 2001:db8::/32 and 3fff::/20 (documentation) and 2002::/16
/// (6to4, whose embedded IPv4 a relay would dial unchecked), and the AS112 block. Everything outside 2000::/3 is refused, which
/// covers ::/128, ::1, the deprecated IPv4-compatible ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48 (the
/// translator, not this check, would choose the IPv4 host), discard-only 100::/64, ULA fc00::/7, link-local
/// fe80::/10, the deprecated site-local fec0::/10 (RFC 3879) and multicast ff00::/8.</item>
/// <item>IPv4-mapped IPv6 (::ffff:0:0/96) is what a dual-stack socket dials for an IPv4 address: it is judged
/// by the IPv4 address inside.</item>
/// </list>
/// Sources: https://www.iana.org/assignments/iana-ipv4-special-registry/ ,
/// https://www.iana.org/assignments/iana-ipv6-special-registry/ ,
/// https://www.iana.org/assignments/ipv6-address-space/ (read 2026-12).
/// </summary>
public static class OutboundAddressPolicy
{
    private static readonly IPNetwork[] SpecialPurposeV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network" (RFC 791)
        IPNetwork.Parse("10.0.0.0/8"), // private (RFC 1918)
        IPNetwork.Parse("100.64.0.0/10"), // shared address space, CGNAT (RFC 6598)
        IPNetwork.Parse("127.0.0.0/8"), // loopback (RFC 1122)
        IPNetwork.Parse("169.254.0.0/16"), // link-local, cloud metadata (RFC 3927)
        IPNetwork.Parse("172.16.0.0/12"), // private (RFC 1918)
        IPNetwork.Parse("192.0.0.0/24"), // IETF protocol assignments (RFC 6890), DS-Lite, NAT64 discovery
        IPNetwork.Parse("192.0.2.0/24"), // documentation TEST-NET-1 (RFC 5737)
        IPNetwork.Parse("192.31.196.0/24"), // AS112-v4 (RFC 7535)
        IPNetwork.Parse("192.52.193.0/24"), // AMT (RFC 7450)
        IPNetwork.Parse("192.88.99.0/24"), // deprecated 6to4 relay anycast (RFC 7526)
        IPNetwork.Parse("192.168.0.0/16"), // private (RFC 1918)
        IPNetwork.Parse("192.175.48.0/24"), // direct delegation AS112 service (RFC 7534)
        IPNetwork.Parse("198.18.0.0/15"), // benchmarking (RFC 2544)
        IPNetwork.Parse("198.51.100.0/24"), // documentation TEST-NET-2 (RFC 5737)
        IPNetwork.Parse("203.0.113.0/24"), // documentation TEST-NET-3 (RFC 5737)
        IPNetwork.Parse("224.0.0.0/3"), // multicast 224/4, reserved 240/4 and broadcast 255.255.255.255: not unicast
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork[] SpecialPurposeV6 =
    [
        IPNetwork.Parse("2001::/23"), // IETF protocol assignments (RFC 2928): Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID, AMT, anycast
        IPNetwork.Parse("2001:db8::/32"), // documentation (RFC 3849)
        IPNetwork.Parse("2002::/16"), // 6to4 (RFC 3056)
        IPNetwork.Parse("2620:4f:8000::/48"), // direct delegation AS112 service (RFC 7534)
        IPNetwork.Parse("3fff::/20"), // documentation (RFC 9637)
    ];

    /// <summary>True when a webhook must not connect to <paramref name="address"/>: anything but global unicast.</summary>
    public static bool IsForbidden(IPAddress address) => !IsGlobalUnicast(address);

    /// <summary>True for a globally reachable unicast address, the only kind a webhook may reach.</summary>
    public static bool IsGlobalUnicast(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsGlobalUnicast(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !SpecialPurposeV4.Any(n => n.Contains(address)),

            AddressFamily.InterNetworkV6 => GlobalUnicastV6.Contains(address) && !SpecialPurposeV6.Any(n => n.Contains(address)),
            _ => false,
        };
    }
}

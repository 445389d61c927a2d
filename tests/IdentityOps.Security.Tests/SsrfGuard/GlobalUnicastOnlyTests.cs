using System.Net;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Trust;
using IdentityOps.Testing.Outbound;

namespace IdentityOps.Security.Tests.SsrfGuard;

/// <summary>
/// Webhooks reach only global unicast addresses. Each range the issue-18 review named, and every block the
/// IANA special-purpose registries mark not globally reachable, is refused at its first and last address —
/// through a name, by the real sender's connect-time check — while the global addresses around it are allowed.
/// Registries: https://www.iana.org/assignments/iana-ipv4-special-registry/ and
/// https://www.iana.org/assignments/iana-ipv6-special-registry/ ; global unicast 2000::/3 from
/// https://www.iana.org/assignments/ipv6-address-space/.
/// </summary>
[Trait("Claim", TrustClaimIds.SsrfGuard)]
public sealed class GlobalUnicastOnlyTests
{
    /// <summary>First and last address of each range the review named (item 14) and of the IPv4-mapped private ranges.</summary>
    public static TheoryData<string, string> ReviewedRanges => new()
    {
        { "::/96 (IPv4-compatible)", "::" },
        { "::/96 (IPv4-compatible)", "::808:808" },
        { "::/96 (IPv4-compatible)", "::ffff:ffff" },
        { "2002::/16 (6to4)", "2002::" },
        { "2002::/16 (6to4)", "2002:808:808::1" },
        { "2002::/16 (6to4)", "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2001::/32 (Teredo)", "2001::1" },
        { "2001::/32 (Teredo)", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "64:ff9b::/96 (NAT64)", "64:ff9b::808:808" },
        { "64:ff9b::/96 (NAT64)", "64:ff9b::ffff:ffff" },
        { "64:ff9b:1::/48 (local NAT64)", "64:ff9b:1::808:808" },
        { "64:ff9b:1::/48 (local NAT64)", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff" },
        { "fec0::/10 (site-local)", "fec0::1" },
        { "fec0::/10 (site-local)", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "::ffff:10.0.0.0/104", "::ffff:10.0.0.1" },
        { "::ffff:172.16.0.0/108", "::ffff:172.31.255.255" },
        { "::ffff:192.168.0.0/112", "::ffff:192.168.0.1" },
        { "::ffff:100.64.0.0/106", "::ffff:100.64.0.1" },
        { "::ffff:169.254.0.0/112", "::ffff:169.254.169.254" },
        { "::ffff:127.0.0.0/104", "::ffff:127.0.0.1" },
    };

    /// <summary>Every block of the two registries whose "Globally Reachable" is False (or not applicable), first and last address.</summary>
    public static TheoryData<string, string> NotGloballyReachable => new()
    {
        { "0.0.0.0/8", "0.0.0.0" }, { "0.0.0.0/8", "0.255.255.255" },
        { "10.0.0.0/8", "10.0.0.0" }, { "10.0.0.0/8", "10.255.255.255" },
        { "100.64.0.0/10", "100.64.0.0" }, { "100.64.0.0/10", "100.127.255.255" },
        { "127.0.0.0/8", "127.0.0.0" }, { "127.0.0.0/8", "127.255.255.255" },
        { "169.254.0.0/16", "169.254.0.0" }, { "169.254.0.0/16", "169.254.255.255" },
        { "172.16.0.0/12", "172.16.0.0" }, { "172.16.0.0/12", "172.31.255.255" },
        { "192.0.0.0/24", "192.0.0.0" }, { "192.0.0.0/24", "192.0.0.255" },
        { "192.0.2.0/24", "192.0.2.0" }, { "192.0.2.0/24", "192.0.2.255" },
        { "192.88.99.0/24", "192.88.99.1" },
        { "192.168.0.0/16", "192.168.0.0" }, { "192.168.0.0/16", "192.168.255.255" },
        { "198.18.0.0/15", "198.18.0.0" }, { "198.18.0.0/15", "198.19.255.255" },
        { "198.51.100.0/24", "198.51.100.0" }, { "198.51.100.0/24", "198.51.100.255" },
        { "203.0.113.0/24", "203.0.113.0" }, { "203.0.113.0/24", "203.0.113.255" },
        { "224.0.0.0/4 (multicast)", "224.0.0.0" }, { "224.0.0.0/4 (multicast)", "239.255.255.255" },
        { "240.0.0.0/4", "240.0.0.0" }, { "255.255.255.255/32", "255.255.255.255" },
        { "::1/128", "::1" }, { "::/128", "::" },
        { "100::/64", "100::" }, { "100::/64", "100::ffff:ffff:ffff:ffff" },
        { "2001::/23", "2001::" }, { "2001::/23", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2001:2::/48", "2001:2::1" },
        { "2001:db8::/32", "2001:db8::" }, { "2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "3fff::/20", "3fff::" }, { "3fff::/20", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "5f00::/16", "5f00::1" },
        { "fc00::/7", "fc00::" }, { "fc00::/7", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "fe80::/10", "fe80::" }, { "fe80::/10", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "ff00::/8 (multicast)", "ff00::" }, { "ff00::/8 (multicast)", "ff02::1" },
        { "outside 2000::/3", "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" }, { "outside 2000::/3", "4000::1" },
    };

    [Theory]
    [MemberData(nameof(ReviewedRanges))]
    [MemberData(nameof(NotGloballyReachable))]
    public async Task A_name_resolving_into_a_non_global_range_is_refused_by_the_real_sender(string range, string address)
    {
        var ip = IPAddress.Parse(address);
        Assert.True(OutboundAddressPolicy.IsForbidden(ip), $"{address} ({range}) is allowed");

        var resolver = new TestResolver(new Dictionary<string, IPAddress[]> { ["hooks.attacker.example"] = [ip] });
        using var transport = new WebhookTransport(SafeOutboundHttpHandler.Create(resolver));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://hooks.attacker.example:8080/hook") { Content = new StringContent("{}") };

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => transport.SendAsync(request, CancellationToken.None));

        // The product's own refusal, not a network error: nothing was dialled.
        Assert.IsType<ForbiddenDestinationException>(error.InnerException ?? error);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.0.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.0.1.1")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2000::1")]
    [InlineData("2001:200::1")] // just past 2001::/23
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2003::1")] // just past 2002::/16
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("3fff:1000::1")] // just past 3fff::/20
    public void A_global_unicast_address_is_allowed(string address)
        => Assert.True(OutboundAddressPolicy.IsGlobalUnicast(IPAddress.Parse(address)), address);
}

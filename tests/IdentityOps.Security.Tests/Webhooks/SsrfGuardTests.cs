using System.Net;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;

namespace IdentityOps.Security.Tests.Webhooks;

/// <summary>
/// The real webhook sender against every range of security-pitfalls item 11: the live check measured
/// from the sender itself, and one address inside each range reached through a name, refused at
/// connect time by the product's own check.
/// </summary>
[Trait("Claim", TrustClaimIds.SsrfGuard)]
public sealed class SsrfGuardTests
{
    private static readonly string[] Matrix =
    [
        "0.0.0.1", "10.0.0.1", "100.64.0.1", "127.0.0.1", "169.254.169.254", "172.16.0.1", "192.0.0.1", "192.168.0.1", "198.18.0.1",
        "224.0.0.1", "::", "::1", "fc00::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1",
        "192.0.2.1", "192.88.99.1", "198.51.100.1", "203.0.113.1", "240.0.0.1", "::808:808", "64:ff9b::808:808", "64:ff9b:1::808:808",
        "100::1", "2001::1", "2001:2::1", "2001:db8::1", "2002:808:808::1", "3fff::1", "fec0::1",
    ];

    public static TheoryData<string> OneAddressInEachRequiredRange => new(Matrix);

    [Fact]
    public void The_matrix_has_an_address_inside_every_required_range()
    {
        var addresses = Matrix.Select(IPAddress.Parse).ToList();

        // IPNetwork.Contains does not match IPv4-mapped addresses against ::ffff:0:0/96, so that range is matched by its own test.
        Assert.All(SsrfGuardCheck.RequiredRanges, range => Assert.Contains(addresses, a => IPNetwork.Parse(range).Contains(a) || (range == "::ffff:0:0/96" && a.IsIPv4MappedToIPv6)));
    }

    [Theory]
    [MemberData(nameof(OneAddressInEachRequiredRange))]
    public async Task A_name_resolving_into_a_required_range_is_refused_by_the_real_sender(string address)
    {
        using var transport = new WebhookTransport(new OneNameResolver("hooks.attacker.example", IPAddress.Parse(address)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://hooks.attacker.example:8080/hook") { Content = new StringContent("{}") };

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => transport.SendAsync(request, CancellationToken.None));

        Assert.IsType<ForbiddenDestinationException>(error.InnerException ?? error);
    }

    [Fact]
    public async Task The_live_check_measured_from_the_real_sender_is_met()
    {
        var result = await new SsrfGuardCheck([new WebhookOutboundPolicyProbe(new SystemDnsResolver())]).EvaluateAsync(CancellationToken.None);

        Assert.True(result.Status == TrustStatus.Met, result.Evidence);
    }

    private sealed class OneNameResolver(string host, IPAddress address) : IOutboundDnsResolver
    {
        public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
            => Task.FromResult(name == host ? new[] { address } : []);
    }
}

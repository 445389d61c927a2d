using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using NSubstitute;

namespace IdentityOps.Security.Tests.Webhooks;

/// <summary>
/// The webhook claims' live checks, with the outbound sender's probe substituted. The attacks
/// themselves (signatures against the reference implementation, replay) are in SignedWebhooks/.
/// </summary>
public sealed class OutboundPolicyCheckTests
{
    private static readonly OutboundPolicy Promised = new(
        "Standard Webhooks HMAC-SHA256", TimeSpan.FromMinutes(5), ChecksAddressAtConnect: true, FollowsRedirects: false, UsesProxy: false, SsrfGuardCheck.RequiredRanges);

    [Fact]
    [Trait("Claim", TrustClaimIds.SignedWebhooks)]
    [Trait("Claim", TrustClaimIds.SsrfGuard)]
    public async Task With_no_webhook_sender_in_the_process_both_claims_show_as_not_met()
    {
        Assert.Equal(TrustStatus.NotMet, (await new SignedWebhooksCheck([]).EvaluateAsync(CancellationToken.None)).Status);
        Assert.Equal(TrustStatus.NotMet, (await new SsrfGuardCheck([]).EvaluateAsync(CancellationToken.None)).Status);
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.SignedWebhooks)]
    public async Task Unsigned_deliveries_or_a_replay_window_over_5_minutes_fail()
    {
        Assert.Equal(TrustStatus.Met, (await new SignedWebhooksCheck([Probe(Promised)]).EvaluateAsync(CancellationToken.None)).Status);
        Assert.Equal(TrustStatus.Failing, (await new SignedWebhooksCheck([Probe(Promised with { SigningScheme = null })]).EvaluateAsync(CancellationToken.None)).Status);
        Assert.Equal(TrustStatus.Failing, (await new SignedWebhooksCheck([Probe(Promised with { ReplayWindow = TimeSpan.FromMinutes(10) })]).EvaluateAsync(CancellationToken.None)).Status);
    }

    [Theory]
    [Trait("Claim", TrustClaimIds.SsrfGuard)]
    [InlineData("169.254.0.0/16")]
    [InlineData("::ffff:0:0/96")]
    [InlineData("64:ff9b::/96")]
    [InlineData("100.64.0.0/10")]
    public async Task Leaving_out_any_range_of_the_pitfall_list_fails(string range)
    {
        var policy = Promised with { RefusedRanges = SsrfGuardCheck.RequiredRanges.Where(r => r != range).ToList() };

        var result = await new SsrfGuardCheck([Probe(policy)]).EvaluateAsync(CancellationToken.None);

        Assert.Equal(TrustStatus.Failing, result.Status);
        Assert.Contains(range, result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.SsrfGuard)]
    public async Task Redirects_a_proxy_or_a_check_before_dns_only_fail()
    {
        Assert.Equal(TrustStatus.Met, (await new SsrfGuardCheck([Probe(Promised)]).EvaluateAsync(CancellationToken.None)).Status);
        Assert.Equal(TrustStatus.Failing, (await new SsrfGuardCheck([Probe(Promised with { FollowsRedirects = true })]).EvaluateAsync(CancellationToken.None)).Status);
        Assert.Equal(TrustStatus.Failing, (await new SsrfGuardCheck([Probe(Promised with { UsesProxy = true })]).EvaluateAsync(CancellationToken.None)).Status);
        Assert.Equal(TrustStatus.Failing, (await new SsrfGuardCheck([Probe(Promised with { ChecksAddressAtConnect = false })]).EvaluateAsync(CancellationToken.None)).Status);
    }

    private static IOutboundPolicyProbe Probe(OutboundPolicy policy)
    {
        var probe = Substitute.For<IOutboundPolicyProbe>();
        probe.Describe().Returns(policy);
        return probe;
    }
}

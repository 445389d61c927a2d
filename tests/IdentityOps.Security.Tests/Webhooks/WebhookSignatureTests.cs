using System.Globalization;
using System.Security.Cryptography;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Testing.Webhooks;

namespace IdentityOps.Security.Tests.Webhooks;

/// <summary>
/// The real signer and verifier, judged by a Standard Webhooks receiver written here from the
/// specification: both must agree on every delivery, inside and outside the 5-minute replay window,
/// and the live check must read its window from the real sender.
/// </summary>
[Trait("Claim", TrustClaimIds.SignedWebhooks)]
public sealed class WebhookSignatureTests
{
    private const string Body = """{"type":"alert.digest","data":{"newFindings":2}}""";
    private static readonly DateTimeOffset SentAt = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)]
    [InlineData(299)]
    [InlineData(300)]
    [InlineData(301)]
    [InlineData(3600)]
    [InlineData(-299)]
    [InlineData(-301)]
    public void The_product_verifier_agrees_with_an_independent_receiver_on_signature_and_replay_window(int receivedSecondsLater)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        const string body = """{"type":"alert.digest","findings":3}""";
        var headers = StandardWebhookSigner.Sign(secret, "msg_window", SentAt, body);
        var receivedAt = SentAt.AddSeconds(receivedSecondsLater);

        var independent = IndependentReceiver(StandardWebhookSigner.Format(secret), headers, body, receivedAt);
        var product = StandardWebhookVerifier.Verify(secret, headers, body, receivedAt) == WebhookVerification.Valid;

        Assert.Equal(Math.Abs(receivedSecondsLater) <= 300, independent);
        Assert.Equal(independent, product);
        Assert.False(IndependentReceiver(StandardWebhookSigner.Format(secret), headers, body + " ", SentAt), "a changed body must not verify");
    }

    [Fact]
    public async Task The_live_check_reads_the_real_senders_signing_and_replay_window()
    {
        var result = await new SignedWebhooksCheck([new WebhookOutboundPolicyProbe(new SystemDnsResolver())]).EvaluateAsync(CancellationToken.None);

        Assert.Equal(TrustStatus.Met, result.Status);
        Assert.Contains("replays refused after 5 min", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_product_signs_verifies_with_the_reference_implementation_and_an_altered_message_does_not()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var whsec = StandardWebhookSigner.Format(secret);
        var headers = StandardWebhookSigner.Sign(secret, "msg_2Zb1", SentAt, Body);

        Assert.Equal(SentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), headers.Timestamp);
        Assert.True(StandardWebhooksReference.Verify(whsec, headers.Id, headers.Timestamp, Body, headers.Signature), "the reference implementation rejected the product's signature");

        Assert.False(StandardWebhooksReference.Verify(whsec, headers.Id, headers.Timestamp, Body + " ", headers.Signature));
        Assert.False(StandardWebhooksReference.Verify(whsec, "msg_other", headers.Timestamp, Body, headers.Signature));
        Assert.False(StandardWebhooksReference.Verify(whsec, headers.Id, (SentAt.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Body, headers.Signature));
        Assert.False(StandardWebhooksReference.Verify(StandardWebhookSigner.Format(RandomNumberGenerator.GetBytes(32)), headers.Id, headers.Timestamp, Body, headers.Signature));
    }

    [Fact]
    public void A_replay_outside_five_minutes_is_refused_and_one_inside_is_accepted()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var headers = StandardWebhookSigner.Sign(secret, "msg_replay", SentAt, Body);

        Assert.Equal(WebhookVerification.Valid, StandardWebhookVerifier.Verify(secret, headers, Body, SentAt.AddMinutes(4)));
        Assert.Equal(WebhookVerification.Valid, StandardWebhookVerifier.Verify(secret, headers, Body, SentAt.AddMinutes(-4)));
        Assert.Equal(WebhookVerification.OutsideTolerance, StandardWebhookVerifier.Verify(secret, headers, Body, SentAt.AddMinutes(5).AddSeconds(1)));
        Assert.Equal(WebhookVerification.OutsideTolerance, StandardWebhookVerifier.Verify(secret, headers, Body, SentAt.AddMinutes(-6)));
        Assert.False(StandardWebhooksReference.WithinTolerance(headers.Timestamp, SentAt.AddMinutes(5).AddSeconds(1)));

        // A replay cannot move the timestamp forward without breaking the signature.
        var moved = headers with { Timestamp = SentAt.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(WebhookVerification.BadSignature, StandardWebhookVerifier.Verify(secret, moved, Body, SentAt.AddMinutes(10)));
        Assert.Equal(WebhookVerification.BadSignature, StandardWebhookVerifier.Verify(secret, headers, Body + " ", SentAt));
        Assert.Equal(WebhookVerification.BadSignature, StandardWebhookVerifier.Verify(secret, headers with { Id = "msg_other" }, Body, SentAt));
    }

    /// <summary>A receiver as the specification describes it: the timestamp within 5 minutes, then the signature.</summary>
    private static bool IndependentReceiver(string whsec, WebhookSignatureHeaders headers, string body, DateTimeOffset now)
        => StandardWebhooksReference.WithinTolerance(headers.Timestamp, now)
           && StandardWebhooksReference.Verify(whsec, headers.Id, headers.Timestamp, body, headers.Signature);
}

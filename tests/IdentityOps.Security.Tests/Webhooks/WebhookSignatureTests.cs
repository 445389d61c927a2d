using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;

namespace IdentityOps.Security.Tests.Webhooks;

/// <summary>
/// The real signer and verifier, judged by a Standard Webhooks receiver written here from the
/// specification: both must agree on every delivery, inside and outside the 5-minute replay window,
/// and the live check must read its window from the real sender.
/// </summary>
[Trait("Claim", TrustClaimIds.SignedWebhooks)]
public sealed class WebhookSignatureTests
{
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

    /// <summary>standardwebhooks.com, "Verifying webhooks": HMAC-SHA256 over id.timestamp.body, keyed with the base64 part of whsec_…, timestamp within 5 minutes.</summary>
    private static bool IndependentReceiver(string whsec, WebhookSignatureHeaders headers, string body, DateTimeOffset now)
    {
        var timestamp = long.Parse(headers.Timestamp, CultureInfo.InvariantCulture);
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > 300)
        {
            return false;
        }

        using var hmac = new HMACSHA256(Convert.FromBase64String(whsec["whsec_".Length..]));
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{headers.Id}.{headers.Timestamp}.{body}")));
        return headers.Signature.Split(' ').Contains(expected, StringComparer.Ordinal);
    }
}

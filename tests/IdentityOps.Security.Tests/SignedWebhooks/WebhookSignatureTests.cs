using System.Security.Cryptography;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Trust;
using IdentityOps.Testing.Webhooks;

namespace IdentityOps.Security.Tests.SignedWebhooks;

/// <summary>
/// The signature a receiver checks: what the product signs verifies with the specification's reference
/// implementation (written in IdentityOps.Testing, not the product's verifier), a forged or altered
/// message does not, and a replay outside five minutes is refused by the product's verifier and would
/// be by the reference rule too. The end-to-end delivery (a real event through the outbox) is in
/// Core.Tests/Alerts/WebhookTests.
/// </summary>
public sealed class WebhookSignatureTests
{
    private const string Body = """{"type":"alert.digest","data":{"newFindings":2}}""";
    private static readonly DateTimeOffset SentAt = new(2026, 11, 25, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Claim", TrustClaimIds.SignedWebhooks)]
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
    [Trait("Claim", TrustClaimIds.SignedWebhooks)]
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
}

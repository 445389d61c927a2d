using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>The three headers of a Standard Webhooks request.</summary>
public sealed record WebhookSignatureHeaders(string Id, string Timestamp, string Signature)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
}

/// <summary>
/// Signing as the Standard Webhooks specification has it (standardwebhooks.com, "Signature scheme"):
/// <c>v1,</c> + base64 HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the
/// base64-decoded part of the <c>whsec_…</c> secret; the timestamp is Unix seconds.
/// </summary>
public static class StandardWebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static WebhookSignatureHeaders Sign(ReadOnlySpan<byte> secret, string messageId, DateTimeOffset timestamp, string body)
    {
        var seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new WebhookSignatureHeaders(messageId, seconds, "v1," + Convert.ToBase64String(Mac(secret, messageId, seconds, body)));
    }

    /// <summary>The secret as the receiver configures it: <c>whsec_</c> + base64 of the signing bytes.</summary>
    public static string Format(ReadOnlySpan<byte> secret) => SecretPrefix + Convert.ToBase64String(secret);

    /// <summary>The signing bytes of a <c>whsec_…</c> secret.</summary>
    public static byte[] Parse(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
    }

    internal static byte[] Mac(ReadOnlySpan<byte> secret, string messageId, string timestamp, string body)
        => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
}

/// <summary>
/// Checks a received Standard Webhooks request: one of the <c>v1</c> signatures matches (compared in
/// constant time), and the timestamp is within the tolerance either way, so a captured request
/// replayed later is refused. For receivers and tests; IdentityOps itself only sends.
/// </summary>
public static class StandardWebhookVerifier
{
    /// <summary>The specification's recommended tolerance.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static WebhookVerification Verify(ReadOnlySpan<byte> secret, WebhookSignatureHeaders headers, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!long.TryParse(headers.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookVerification.Malformed;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sent).Duration() > Tolerance)
        {
            return WebhookVerification.OutsideTolerance;
        }

        var expected = StandardWebhookSigner.Mac(secret, headers.Id, headers.Timestamp, body);
        foreach (var candidate in headers.Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var given = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[3..], given, out var written) && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return WebhookVerification.Valid;
            }
        }

        return WebhookVerification.BadSignature;
    }
}

public enum WebhookVerification
{
    Valid,
    Malformed,
    OutsideTolerance,
    BadSignature,
}

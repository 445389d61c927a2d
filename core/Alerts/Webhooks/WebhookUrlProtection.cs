using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>
/// A webhook URL as it is stored and shown. The path and query of a Slack, Teams or SIEM webhook are
/// the receiver's bearer secret (whoever has the URL can post into the channel), so the URL is stored
/// only as Data Protection ciphertext (the host's AES-256-GCM configuration in core/Identity, under a
/// purpose of its own) and only its origin and a short fingerprint are ever shown again, to admins and
/// readers alike, from the moment it is saved.
/// </summary>
public sealed class WebhookUrlProtection(IDataProtectionProvider protection)
{
    public const string Purpose = "IdentityOps.Alerts.WebhookUrl.v1";

    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    public ProtectedWebhookUrl Protect(string url)
        => new(protector.Protect(Encoding.UTF8.GetBytes(url)), Origin(url), Fingerprint(url));

    /// <summary>The URL to post to. Throws <see cref="CryptographicException"/> when the ciphertext was not made by this key ring.</summary>
    public string Unprotect(byte[] protectedUrl) => Encoding.UTF8.GetString(protector.Unprotect(protectedUrl));

    /// <summary>
    /// <c>scheme://host[:port]</c>: what a receiver is, without what opens it. The host of a webhook is
    /// never the secret part (it is the vendor's: hooks.slack.com, *.webhook.office.com).
    /// </summary>
    public static string Origin(string url)
        => new Uri(url, UriKind.Absolute).GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// The first 8 hex digits of the URL's SHA-256: enough for an admin to tell two endpoints on the same
    /// host apart, or check one against the URL they hold, and 32 bits say nothing usable about a
    /// secret path of a hundred bits or more. (A URL guessable from its hash was never a secret.)
    /// </summary>
    public static string Fingerprint(string url)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..8];
}

/// <summary>A webhook URL ready to store: its ciphertext, and the two parts that may be shown.</summary>
public sealed record ProtectedWebhookUrl(byte[] Ciphertext, string Origin, string Fingerprint);

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Alerts.Unsubscribe;

/// <summary>Whom an unsubscribe link is for.</summary>
public sealed record UnsubscribeClaim(Guid TenantId, Guid AlertConfigurationId, string Recipient);

/// <summary>
/// Per-recipient unsubscribe tokens: the claim sealed by Data Protection (AES-256-GCM, time-limited,
/// a purpose of its own), so a token can be neither forged, nor moved to another recipient or alert,
/// nor read (the address does not appear in the link), and it stops working after
/// <see cref="AlertsOptions.UnsubscribeLifetime"/>.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection, IOptions<AlertsOptions> options, TimeProvider time)
{
    public const string Purpose = "IdentityOps.Alerts.Unsubscribe.v1";

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Create(UnsubscribeClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var payload = Encoding.UTF8.GetBytes($"{claim.TenantId:N}|{claim.AlertConfigurationId:N}|{claim.Recipient}");
        return WebEncoders.Base64UrlEncode(protector.Protect(payload, time.GetUtcNow() + options.Value.UnsubscribeLifetime));
    }

    /// <summary>The claim of a genuine, unexpired token; null for anything else.</summary>
    public UnsubscribeClaim? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return null;
        }

        try
        {
            var payload = Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token), out var expiration));
            var parts = payload.Split('|', 3);
            return expiration > time.GetUtcNow() && parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var tenant) && Guid.TryParseExact(parts[1], "N", out var alert)
                ? new UnsubscribeClaim(tenant, alert, parts[2])
                : null;
        }
        catch (Exception error) when (error is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The web app's unsubscribe page for a token (GET shows it, POST confirms; RFC 8058 one-click posts to it too).</summary>
    public Uri Link(string token)
        => new(new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/"), "alerts/unsubscribe?token=" + Uri.EscapeDataString(token));
}

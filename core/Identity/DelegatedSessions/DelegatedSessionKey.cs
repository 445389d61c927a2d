using System.Buffers;
using System.Security.Cryptography;

namespace IdentityOps.Core.Identity.DelegatedSessions;

/// <summary>
/// The key of a long-running on-behalf-of session: <c>&lt;tenantId&gt;:&lt;256 random bits, base64url&gt;</c>.
/// It names the session's row in the token cache (whose <c>tenant_id</c> comes from the prefix, so the
/// tenant's purge takes the tokens too). It is a capability, not a token: it lets this service, and
/// only with its database and key ring, act as the admin; it is never logged or returned to a client.
/// </summary>
public static class DelegatedSessionKey
{
    private const int RandomBytes = 32;
    private static readonly SearchValues<char> Base64UrlAlphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string New(Guid tenantId)
        => $"{tenantId:D}:{Base64UrlEncode(RandomNumberGenerator.GetBytes(RandomBytes))}";

    /// <summary>The tenant a well-formed key belongs to; false for anything else.</summary>
    public static bool TryGetTenant(string? key, out Guid tenantId)
    {
        tenantId = Guid.Empty;
        if (key is null || key.Length != 36 + 1 + 43 || key[36] != ':')
        {
            return false;
        }

        return Guid.TryParseExact(key.AsSpan(0, 36), "D", out tenantId)
               && tenantId != Guid.Empty
               && !key.AsSpan(37).ContainsAnyExcept(Base64UrlAlphabet);
    }

    private static string Base64UrlEncode(byte[] bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

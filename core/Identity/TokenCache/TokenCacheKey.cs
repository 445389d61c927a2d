using IdentityOps.Core.Identity.DelegatedSessions;

namespace IdentityOps.Core.Identity.TokenCache;

/// <summary>
/// The only keys the token cache stores under, each naming its tenant: a long-running session key
/// (<c>&lt;tenantId&gt;:&lt;random&gt;</c>, jobs) and MSAL's web-app user key <c>&lt;oid&gt;.&lt;tid&gt;</c>
/// (its home account id, from the sign-in's <c>client_info</c>), written when the web app redeems an
/// admin's authorization code. Anything else — MSAL's app token cache key, a key without a tenant —
/// is refused.
/// </summary>
public static class TokenCacheKey
{
    private const int GuidLength = 36;

    public static string ForWebAppUser(Guid objectId, Guid tenantId) => $"{objectId:D}.{tenantId:D}";

    public static bool TryGetTenant(string? key, out Guid tenantId)
        => DelegatedSessionKey.TryGetTenant(key, out tenantId) || TryGetWebAppUserTenant(key, out tenantId);

    /// <summary>The tenant of a web-app user key in its one canonical form (lower-case, hyphenated ids); false for anything else.</summary>
    public static bool TryGetWebAppUserTenant(string? key, out Guid tenantId)
    {
        tenantId = Guid.Empty;
        if (key is null || key.Length != GuidLength + 1 + GuidLength || key[GuidLength] != '.'
            || !Guid.TryParseExact(key.AsSpan(0, GuidLength), "D", out var objectId)
            || !Guid.TryParseExact(key.AsSpan(GuidLength + 1), "D", out var tenant)
            || objectId == Guid.Empty || tenant == Guid.Empty
            || !string.Equals(key, ForWebAppUser(objectId, tenant), StringComparison.Ordinal))
        {
            return false;
        }

        tenantId = tenant;
        return true;
    }
}

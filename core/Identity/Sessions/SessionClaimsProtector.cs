using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Identity.Web;

namespace IdentityOps.Core.Identity.Sessions;

/// <summary>
/// What a server session remembers of the signed-in user: only the claims the app reads (tenant,
/// object id, name, username, roles), never a token, encrypted with Data Protection under a purpose
/// of its own so that ciphertext of the token cache cannot be passed off as a session and back.
/// </summary>
public sealed class SessionClaimsProtector(IDataProtectionProvider protection)
{
    public const string Purpose = "IdentityOps.ServerSession.Claims.v1";

    /// <summary>The claim types a session keeps, in the short form Entra's tokens use.</summary>
    public static IReadOnlyList<string> KeptClaimTypes { get; } = [ClaimConstants.Tid, ClaimConstants.Oid, ClaimConstants.Name, ClaimConstants.PreferredUserName, ClaimConstants.Roles];

    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    /// <summary>The session's claims of <paramref name="user"/>; null when it has no tenant or object id (nothing to key a session on).</summary>
    public static SessionClaims? From(ClaimsPrincipal user)
    {
        if (!Guid.TryParse(user.GetTenantId(), out var tenantId) || tenantId == Guid.Empty
            || !Guid.TryParse(user.GetObjectId(), out var objectId) || objectId == Guid.Empty)
        {
            return null;
        }

        var roles = user.FindAll(ClaimConstants.Roles).Concat(user.FindAll(ClaimConstants.Role)).Concat(user.FindAll(ClaimTypes.Role))
            .Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        return new SessionClaims(
            tenantId,
            objectId,
            user.FindFirst(ClaimConstants.Name)?.Value ?? user.GetDisplayName() ?? string.Empty,
            user.FindFirst(ClaimConstants.PreferredUserName)?.Value ?? user.GetLoginHint() ?? string.Empty,
            roles);
    }

    public byte[] Protect(SessionClaims claims) => protector.Protect(JsonSerializer.SerializeToUtf8Bytes(claims));

    /// <summary>The claims, or null when the ciphertext is not ours or was altered.</summary>
    public SessionClaims? Unprotect(byte[] ciphertext)
    {
        try
        {
            return JsonSerializer.Deserialize<SessionClaims>(protector.Unprotect(ciphertext));
        }
        catch (Exception error) when (error is CryptographicException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>The claims a session keeps.</summary>
public sealed record SessionClaims(Guid TenantId, Guid ObjectId, string Name, string PreferredUsername, IReadOnlyList<string> Roles)
{
    /// <summary>The principal the app sees: short claim types, name from <c>name</c>, roles from <c>roles</c>.</summary>
    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, ClaimConstants.Name, ClaimConstants.Roles);
        identity.AddClaim(new Claim(ClaimConstants.Tid, TenantId.ToString("D")));
        identity.AddClaim(new Claim(ClaimConstants.Oid, ObjectId.ToString("D")));
        identity.AddClaim(new Claim(ClaimConstants.Name, Name));
        identity.AddClaim(new Claim(ClaimConstants.PreferredUserName, PreferredUsername));
        foreach (var role in Roles)
        {
            identity.AddClaim(new Claim(ClaimConstants.Roles, role));
        }

        // MSAL finds the user's cached tokens by uid.utid; derived here, not stored.
        identity.AddClaim(new Claim(ClaimConstants.UniqueObjectIdentifier, ObjectId.ToString("D")));
        identity.AddClaim(new Claim(ClaimConstants.UniqueTenantIdentifier, TenantId.ToString("D")));
        return new ClaimsPrincipal(identity);
    }
}

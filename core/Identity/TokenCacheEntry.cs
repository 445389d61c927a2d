using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Identity;

/// <summary>
/// One entry of the server-side MSAL token cache. The value is Data Protection ciphertext
/// (AES-256-GCM); the key is the long-running session key <c>&lt;tenantId&gt;:&lt;random&gt;</c>,
/// so the tenant's purge deletes its tokens with the rest of its data.
/// </summary>
public sealed class TokenCacheEntry : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required string EntryId { get; init; }
    public required byte[] ProtectedValue { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public TimeSpan? SlidingExpiration { get; set; }
    public DateTimeOffset? AbsoluteExpiresAt { get; set; }
}

using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Identity;

/// <summary>
/// A signed-in session kept on the server. The browser's cookie holds only an opaque id; this row
/// stores a SHA-256 of that id (so a database reader cannot replay sessions) and the
/// authentication ticket encrypted with Data Protection.
/// </summary>
public sealed class ServerSession : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required byte[] IdHash { get; init; }
    public required Guid UserObjectId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset RotateAfter { get; set; }

    /// <summary>The absolute end of the sign-in (24 hours); rotation never extends it.</summary>
    public required DateTimeOffset AbsoluteExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
    public required byte[] ProtectedTicket { get; set; }
}

using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Lifecycle.DeleteTenantNow;

/// <summary>
/// The second step of "delete everything now": a single-use token, valid for 90 seconds, that the
/// admin who asked must send back. Only its SHA-256 is stored, so the row cannot be replayed.
/// </summary>
public sealed class TenantDeletionConfirmation : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required byte[] ConfirmationHash { get; init; }
    public required Guid RequestedBy { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
}

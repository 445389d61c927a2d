using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Findings;

/// <summary>
/// An admin's decision to accept one finding (rule and object) for a while, with the reason. While it
/// holds, the finding is listed under "accepted risks" and left out of the tenant score; when it
/// expires the finding is raised again.
/// </summary>
public sealed class RiskAcceptance : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid Id { get; init; }
    public required string RuleId { get; init; }
    public required string ObjectId { get; init; }
    public required string Reason { get; init; }

    /// <summary>Entra object id of the admin who accepted it.</summary>
    public required Guid AcceptedBy { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Whether a scan taken at <paramref name="instant"/> shows the finding as accepted: until the expiry, including the scan the admin accepted it from.</summary>
    public bool CoversAt(DateTimeOffset instant) => RevokedAt is null && instant < ExpiresAt;
}

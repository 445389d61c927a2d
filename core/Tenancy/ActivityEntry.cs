using IdentityOps.Core.Persistence;

namespace IdentityOps.Core.Tenancy;

/// <summary>
/// The tenant's activity feed shown in the product ("scan finished", "alert sent"). Unlike the
/// audit trail it is not evidence: it is for people, and has no hash chain.
/// </summary>
public sealed class ActivityEntry : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid Id { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string Kind { get; init; }
    public required string Summary { get; init; }
    public Guid? ActorObjectId { get; init; }
}

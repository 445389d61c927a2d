using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Inventory;

/// <summary>
/// Where the next delta query of a collection starts. A Graph state cursor, not a credential:
/// it only works with a token for the same tenant. Directory delta tokens last 7 days.
/// </summary>
public sealed class DeltaLink : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required string Collection { get; init; }
    public required Guid ScanId { get; set; }
    public required string Link { get; set; }
    public required DateTimeOffset ObtainedAt { get; set; }
}

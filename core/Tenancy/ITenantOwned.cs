namespace IdentityOps.Core.Tenancy;

/// <summary>
/// A row that belongs to exactly one customer tenant. Every table mapped from such a type gets
/// the tenant's foreign key with cascade, a key led by <c>tenant_id</c>, forced row-level security
/// and the application's own tenant filter. The schema tests enumerate the live catalog, so a
/// table that skips any of these fails the build.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}

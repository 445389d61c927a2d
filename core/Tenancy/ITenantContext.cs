namespace IdentityOps.Core.Tenancy;

/// <summary>
/// The tenant of the current request or job. Set once, from the signed-in principal's <c>tid</c>
/// or from the job's own record; never from a route, query string or body.
/// </summary>
public interface ITenantContext
{
    /// <summary>The current tenant, or null when none is set (queries then return no rows).</summary>
    Guid? TenantId { get; }
}

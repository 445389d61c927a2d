namespace IdentityOps.Core.Tenancy;

/// <summary>Scoped holder of the current tenant. It can be set once; a second, different tenant is a bug.</summary>
public sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }

    public void Set(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("A tenant id cannot be empty.", nameof(tenantId));
        }

        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("The tenant of this unit of work is already set to another tenant.");
        }

        TenantId = tenantId;
    }
}

using IdentityOps.Core.Persistence;

namespace IdentityOps.Core.Trust;

/// <summary>How many tenant tables (those with a <c>tenant_id</c> column) have row-level security enabled and forced.</summary>
public sealed record RowLevelSecurityStatus(int ProtectedTables, int TenantTables)
{
    public bool AllProtected => TenantTables > 0 && ProtectedTables == TenantTables;
}

/// <summary>
/// Reads the live catalog with the application's own connection (the catalog is readable by every
/// role), so the status shown is the running database's, not a promise copied from the docs.
/// </summary>
public sealed class RowLevelSecurityStatusQuery(DatabaseCatalog catalog)
{
    public async Task<RowLevelSecurityStatus> GetAsync(CancellationToken cancellationToken)
    {
        var (forced, tenantTables) = await catalog.RowLevelSecurityAsync(cancellationToken);
        return new RowLevelSecurityStatus(forced, tenantTables);
    }
}

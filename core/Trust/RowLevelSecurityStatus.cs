using Npgsql;

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
public sealed class RowLevelSecurityStatusQuery(NpgsqlDataSource dataSource)
{
    public async Task<RowLevelSecurityStatus> GetAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE c.relrowsecurity AND c.relforcerowsecurity), count(*)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RowLevelSecurityStatus((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}

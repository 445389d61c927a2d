using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>What the catalog of the running database says about the tenant policies and the application role (security-pitfalls 1–3).</summary>
/// <param name="WithoutEmptySettingSafePolicy">
/// Tenant tables whose <c>tenant_isolation</c> policy is missing, applies to any role but this database's application
/// role (a policy for PUBLIC would also admit the job roles to any tenant they name), or does not read an empty setting
/// as no tenant (<c>NULLIF</c>).
/// </param>
/// <param name="TruncatableByApplication">Tables the application role may TRUNCATE.</param>
/// <param name="OwnedByApplication">Relations the application role owns.</param>
public sealed record TenantIsolationCatalog(long WithoutEmptySettingSafePolicy, long TruncatableByApplication, long OwnedByApplication);

/// <summary>
/// Reads the live catalog (readable by every role) for the trust checks, so what they show is the running
/// database's state, not a promise copied from the docs. Reads only; it judges nothing.
/// </summary>
public sealed class DatabaseCatalog(NpgsqlDataSource dataSource)
{
    private const string TenantTables = """
        SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        """;

    /// <summary>How many tenant tables there are, and how many have row-level security enabled and forced.</summary>
    public async Task<(int Forced, int TenantTables)> RowLevelSecurityAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH tenant_tables AS ({TenantTables})
            SELECT count(*) FILTER (WHERE relrowsecurity AND relforcerowsecurity), count(*) FROM tenant_tables
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    /// <summary>The tenant policies' shape and what the application role may do to the tables.</summary>
    public async Task<TenantIsolationCatalog> TenantIsolationAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH tenant_tables AS ({TenantTables})
            SELECT
                (SELECT count(*) FROM tenant_tables t WHERE NOT EXISTS (
                    SELECT 1 FROM pg_policy p WHERE p.polrelid = t.oid AND p.polname = 'tenant_isolation'
                      AND p.polroles = ARRAY[(SELECT r.oid FROM pg_roles r WHERE r.rolname = {DatabaseRoles.CurrentApplicationRoleSql})]
                      AND pg_get_expr(p.polqual, p.polrelid) LIKE '%NULLIF%')),
                (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND has_table_privilege({DatabaseRoles.CurrentApplicationRoleSql}::name, c.oid, 'TRUNCATE')),
                (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND pg_has_role({DatabaseRoles.CurrentApplicationRoleSql}::name, c.relowner, 'USAGE'))
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new TenantIsolationCatalog(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>How many of <paramref name="tables"/> have their enabled <c>&lt;table&gt;_append_only</c> trigger.</summary>
    public async Task<long> AppendOnlyTriggersAsync(IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(@tables) AND t.tgname = c.relname || '_append_only'");
        command.Parameters.AddWithValue("tables", tables.ToArray());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Every column of the public schema as <c>table.column</c> with its type name. <c>information_schema.columns</c>
    /// lists only what the connected role may use: the application's role sees every table it reads and writes.
    /// </summary>
    public async Task<IReadOnlyList<(string Column, string Type)>> ColumnsAsync(CancellationToken cancellationToken)
    {
        var columns = new List<(string Column, string Type)>();
        await using var command = dataSource.CreateCommand("SELECT table_name || '.' || column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }
}

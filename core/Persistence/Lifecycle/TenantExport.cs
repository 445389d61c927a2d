using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace IdentityOps.Core.Persistence.Lifecycle;

/// <summary>
/// The reads of a tenant's data export, inside the context's tenant transaction (as the application role,
/// under the tenant's row-level security): the catalog's tenant tables, and each table's rows as JSON.
/// </summary>
public static class TenantExport
{
    /// <summary>
    /// Each table with a <c>tenant_id</c> column (from the catalog, so a table added later is exported too) with
    /// its columns in column order, leaving out <paramref name="excludedTables"/> and the columns whose name matches
    /// the regular expression <paramref name="excludedColumns"/>.
    /// </summary>
    public static async Task<IReadOnlyList<(string Table, IReadOnlyList<string> Columns)>> TenantTablesAsync(
        this IdentityOpsDbContext db, IReadOnlyCollection<string> excludedTables, string excludedColumns, CancellationToken cancellationToken)
    {
        await using var command = Command(db, """
            SELECT c.relname, a.attname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attname = 'tenant_id' AND NOT t.attisdropped)
              AND c.relname <> ALL(@excluded)
              AND a.attname !~ @excludedColumns
            ORDER BY c.relname, a.attnum
            """);
        command.Parameters.AddWithValue("excluded", excludedTables.ToArray());
        command.Parameters.AddWithValue("excludedColumns", excludedColumns);
        var columns = new List<(string Table, string Column)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return columns.GroupBy(c => c.Table, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(c => c.Column).ToList()))
            .ToList();
    }

    /// <summary>The tenant's own <c>tenants</c> row, as a JSON array.</summary>
    public static Task<string> TenantRowAsJsonAsync(this IdentityOpsDbContext db, Guid tenantId, CancellationToken cancellationToken)
        => JsonAsync(db, "SELECT COALESCE(json_agg(t), '[]') FROM (SELECT * FROM tenants WHERE id = @tenant) t", tenantId, cancellationToken);

    /// <summary>The tenant's rows of <paramref name="table"/> (one of <see cref="TenantTablesAsync"/>), only <paramref name="columns"/>, as a JSON array.</summary>
    public static Task<string> RowsAsJsonAsync(this IdentityOpsDbContext db, string table, IReadOnlyList<string> columns, Guid tenantId, CancellationToken cancellationToken)
    {
        var select = string.Join(", ", columns.Select(c => $"\"{c}\""));
        return JsonAsync(db, $"SELECT COALESCE(json_agg(t), '[]') FROM (SELECT {select} FROM \"{table}\" WHERE tenant_id = @tenant) t", tenantId, cancellationToken);
    }

    private static async Task<string> JsonAsync(IdentityOpsDbContext db, string sql, Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = Command(db, sql);
        command.Parameters.AddWithValue("tenant", tenantId);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // The context's own connection and transaction: the reads are part of its tenant unit of work.
    private static NpgsqlCommand Command(IdentityOpsDbContext db, string sql)
        => new(
            sql,
            (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction)(db.Database.CurrentTransaction ?? throw new InvalidOperationException("A tenant export reads inside its tenant unit of work.")).GetDbTransaction());
}

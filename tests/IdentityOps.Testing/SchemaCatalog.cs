using Npgsql;

namespace IdentityOps.Testing;

/// <summary>Reads the live schema from PostgreSQL's catalog, so tests cover tables added later without a hand list.</summary>
public static class SchemaCatalog
{
    /// <summary>
    /// Tables that are not owned by a tenant, each with the reason. Everything else in the schema is
    /// a tenant table and must carry every tenant invariant.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NonTenantTables { get; } = new Dictionary<string, string>
    {
        ["tenants"] = "the root every tenant table cascades from; isolated by its own id",
        ["operator_audit_events"] = "the operators' chain must outlive a tenant's purge (security-pitfalls item 6)",
        ["operator_audit_anchors"] = "the signed heads of the operators' chain outlive every purge, like that chain",
        ["deletion_receipts"] = "proof of a purge must outlive the tenant it speaks of; holds no tenant data",
        ["host_attestations"] = "each host's signed attestation of the trust evidence it holds; about the deployment, not a tenant",
        ["__EFMigrationsHistory"] = "schema version bookkeeping, owner only",
    };

    public static async Task<IReadOnlyList<string>> TablesAsync(NpgsqlConnection connection)
        => await ListAsync<string>(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1");

    public static async Task<IReadOnlyList<string>> TenantTablesAsync(NpgsqlConnection connection)
        => (await TablesAsync(connection)).Where(t => !NonTenantTables.ContainsKey(t)).ToList();

    public static async Task<IReadOnlyList<T>> ListAsync<T>(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    public static async Task<IReadOnlyList<(string A, string B)>> PairsAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? string.Empty : reader.GetString(1)));
        }

        return rows;
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteNonQueryAsync();
    }
}

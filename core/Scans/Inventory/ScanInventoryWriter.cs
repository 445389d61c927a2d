using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using Npgsql;

namespace IdentityOps.Core.Scans.Inventory;

/// <summary>
/// Writes one scan's inventory inside one transaction on one connection. Rows stream in with
/// binary COPY to session temp tables (COPY FROM cannot target a table under row-level security),
/// and move to the real tables with <c>INSERT … SELECT</c> at <see cref="CompleteAsync"/>, checked
/// by RLS like any insert. Until then nothing of the scan is visible; a failed or cancelled scan
/// rolls back and leaves nothing behind.
/// </summary>
public sealed class ScanInventoryWriter : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool completed;

    private ScanInventoryWriter(Guid tenantId, Guid scanId, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        TenantId = tenantId;
        ScanId = scanId;
        this.connection = connection;
        this.transaction = transaction;
    }

    public Guid TenantId { get; }
    public Guid ScanId { get; }

    public static async Task<ScanInventoryWriter> BeginAsync(NpgsqlDataSource dataSource, Guid tenantId, Guid scanId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT set_config('{DatabaseRoles.TenantSetting}', '{tenantId:D}', true)", cancellationToken);
            foreach (var table in InventoryTables.All)
            {
                await ExecuteAsync(connection, transaction, $"CREATE TEMP TABLE tmp_{table.Name} (LIKE {table.Name}) ON COMMIT DROP", cancellationToken);
            }

            return new ScanInventoryWriter(tenantId, scanId, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends rows of one record type. Safe to call from concurrent collections.</summary>
    public async Task WriteAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = InventoryTables.For<T>();
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using (var importer = await connection.BeginBinaryImportAsync($"COPY tmp_{table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var row in rows)
                {
                    if (row.TenantId != TenantId)
                    {
                        throw new TenantIsolationException($"A {typeof(T).Name} of another tenant reached this tenant's scan.");
                    }

                    await importer.StartRowAsync(cancellationToken);
                    await table.WriteRow(importer, row, cancellationToken);
                }

                await importer.CompleteAsync(cancellationToken);
            }

        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Starts a collection from a previous scan's rows (for delta queries): copies them under this
    /// scan's id, so only the changes need to be read from Graph.
    /// </summary>
    public Task CopyBaselineAsync<T>(Guid previousScanId, CancellationToken cancellationToken)
        where T : class, ITenantOwned
        => CopyBaselineAsync(InventoryTables.For<T>(), previousScanId, ownerKind: null, cancellationToken);

    /// <summary>The credentials of one owner kind only: applications and service principals are read by separate collections.</summary>
    public Task CopyCredentialBaselineAsync(Guid previousScanId, CredentialOwnerKind ownerKind, CancellationToken cancellationToken)
        => CopyBaselineAsync(InventoryTables.Credentials, previousScanId, ownerKind, cancellationToken);

    public async Task ClearPoliciesAsync(string kind, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("DELETE FROM tmp_tenant_policies WHERE kind = @kind", connection, transaction)
            {
                Parameters = { new("kind", kind) },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task ClearCredentialsAsync(CredentialOwnerKind ownerKind, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("DELETE FROM tmp_credentials WHERE owner_kind = @kind", connection, transaction)
            {
                Parameters = { new("kind", ownerKind.ToString()) },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Removes rows of a collection whose object id is in <paramref name="objectIds"/> (changed or deleted objects of a delta).</summary>
    public async Task RemoveAsync<T>(IReadOnlyCollection<Guid> objectIds, CancellationToken cancellationToken)
        where T : class, ITenantOwned
        => await RemoveWhereAsync(InventoryTables.For<T>(), objectIds.ToArray(), "uuid", cancellationToken);

    /// <summary>Removes rows whose text key (grant ids) is in <paramref name="keys"/>.</summary>
    public async Task RemoveByKeyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        where T : class, ITenantOwned
        => await RemoveWhereAsync(InventoryTables.For<T>(), keys.ToArray(), "text", cancellationToken);

    /// <summary>Rows of one record type collected so far in this scan.</summary>
    public async Task<long> CountAsync<T>(CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        var table = InventoryTables.For<T>();
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM tmp_{table.Name}", connection, transaction);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Object ids of this scan's service principals of the given applications.</summary>
    public async Task<IReadOnlyList<Guid>> ServicePrincipalIdsAsync(Guid[] appIds, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT object_id FROM tmp_service_principals WHERE app_id = ANY(@apps) ORDER BY object_id", connection, transaction)
            {
                Parameters = { new("apps", appIds) },
            };
            var ids = new List<Guid>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }

            return ids;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops whatever a collection wrote so far (its read restarts, or it became unavailable).</summary>
    public async Task ClearAsync<T>(CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        var table = InventoryTables.For<T>();
        await gate.WaitAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, $"DELETE FROM tmp_{table.Name}", cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Moves every collected row into the real tables, lets <paramref name="finish"/> record the scan's
    /// outcome in the same transaction, and commits: the scan becomes visible whole or not at all.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CompleteAsync(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> finish, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var stored = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var table in InventoryTables.All)
            {
                // Graph may list an object twice (a duplicate id across pages): the first copy wins
                // rather than the whole scan failing on the primary key. Rows go in key order, so the
                // index grows at its right edge instead of splitting pages everywhere.
                await using var command = new NpgsqlCommand(
                    $"INSERT INTO {table.Name} ({table.ColumnList}) SELECT {table.ColumnList} FROM tmp_{table.Name} ORDER BY {table.ObjectIdColumn} ON CONFLICT DO NOTHING",
                    connection, transaction);
                stored[table.Name] = await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await finish(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            completed = true;
            return stored;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!completed)
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }

        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        gate.Dispose();
    }

    private async Task CopyBaselineAsync(InventoryTable table, Guid previousScanId, CredentialOwnerKind? ownerKind, CancellationToken cancellationToken)
    {
        var selectList = string.Join(", ", table.Columns.Select(c => c == "scan_id" ? "@scan" : c));
        var ownerFilter = ownerKind is null ? string.Empty : " AND owner_kind = @kind";
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO tmp_{table.Name} ({table.ColumnList}) SELECT {selectList} FROM {table.Name} WHERE tenant_id = @tenant AND scan_id = @previous{ownerFilter}",
                connection, transaction)
            {
                Parameters = { new("scan", ScanId), new("tenant", TenantId), new("previous", previousScanId), new("kind", ownerKind?.ToString() ?? string.Empty) },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RemoveWhereAsync<TKey>(InventoryTable table, TKey[] keys, string sqlType, CancellationToken cancellationToken)
    {
        if (keys.Length == 0)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"DELETE FROM tmp_{table.Name} WHERE {table.ObjectIdColumn} = ANY(@keys::{sqlType}[])", connection, transaction)
            {
                Parameters = { new("keys", keys) },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Text.Json;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence.Audit;
using Npgsql;

namespace IdentityOps.Core.Persistence.Lifecycle;

/// <summary>The purge role's reads: which tenants are due, and the deletion receipts kept.</summary>
public static class TenantPurges
{
    /// <summary>Tenants in offboarding whose purge is due at <paramref name="now"/>, the longest due first.</summary>
    public static async Task<IReadOnlyList<Guid>> DueTenantsAsync(this PurgeDataSource purge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<Guid>();
        await using var command = purge.DataSource.CreateCommand("SELECT id FROM tenants WHERE status = 'Offboarding' AND purge_after <= @now ORDER BY purge_after");
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetGuid(0));
        }

        return due;
    }

    /// <summary>
    /// Opens one tenant's purge: a transaction on the purge role's connection, under the tenant's setting, holding
    /// the tenant row. Null when the tenant is not due at <paramref name="now"/>, was restored, or another run has it
    /// or purged it already (<c>FOR UPDATE SKIP LOCKED</c>). Nothing is deleted unless the purge commits.
    /// </summary>
    public static async Task<TenantPurge?> TryBeginTenantPurgeAsync(this PurgeDataSource purge, Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            await TenantSetting.ApplyAsync(connection, transaction, tenantId, cancellationToken);
            await using var claim = new NpgsqlCommand("SELECT 1 FROM tenants WHERE id = @id AND status = 'Offboarding' AND purge_after <= @now FOR UPDATE SKIP LOCKED", connection, transaction);
            claim.Parameters.AddWithValue("id", tenantId);
            claim.Parameters.AddWithValue("now", now);
            if (await claim.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return new TenantPurge(tenantId, connection, transaction);
            }
        }
        catch
        {
            await DisposeAsync(connection, transaction);
            throw;
        }

        await DisposeAsync(connection, transaction);
        return null;
    }

    /// <summary>Every deletion receipt stored.</summary>
    public static async Task<IReadOnlyList<DeletionReceipt>> DeletionReceiptsAsync(this PurgeDataSource purge, CancellationToken cancellationToken)
    {
        var receipts = new List<DeletionReceipt>();
        await using var command = purge.DataSource.CreateCommand("SELECT sha256, purged_tenant_id, purged_at, rows_deleted::text FROM deletion_receipts");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            receipts.Add(new DeletionReceipt(
                reader.GetGuid(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(3))!,
                reader.GetString(0)));
        }

        return receipts;
    }

    private static async Task DisposeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        await connection.DisposeAsync();
    }
}

/// <summary>One tenant's purge in progress: one transaction that deletes the tenant, records its receipt and writes the operators' chain.</summary>
public sealed class TenantPurge : IAsyncDisposable
{
    private readonly Guid tenantId;
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    internal TenantPurge(Guid tenantId, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.tenantId = tenantId;
        this.connection = connection;
        this.transaction = transaction;
    }

    /// <summary>Every table with a tenant_id column, from the catalog: a table added later is purged and counted too.</summary>
    public async Task<IReadOnlyList<string>> TenantTablesAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            ORDER BY 1
            """, connection, transaction);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>The rows of <paramref name="table"/> (one of <see cref="TenantTablesAsync"/>) this transaction sees: the tenant's, under its setting.</summary>
    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Deletes the tenant's row; every tenant table cascades from it.</summary>
    public async Task DeleteTenantAsync(CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand("DELETE FROM tenants WHERE id = @id", connection, transaction);
        delete.Parameters.AddWithValue("id", tenantId);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordReceiptAsync(DeletionReceipt receipt, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO deletion_receipts (sha256, purged_tenant_id, purged_at, rows_deleted) VALUES (@hash, @tenant, @at, @rows::jsonb)", connection, transaction);
        insert.Parameters.AddWithValue("hash", receipt.Sha256);
        insert.Parameters.AddWithValue("tenant", receipt.TenantId);
        insert.Parameters.AddWithValue("at", receipt.PurgedAt);
        insert.Parameters.AddWithValue("rows", JsonSerializer.Serialize(receipt.RowsDeleted));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends to the operators' chain inside the purge's transaction, so the event exists exactly when the purge does.</summary>
    public Task<OperatorAuditEvent> AppendOperatorEventAsync(AuditEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
        => OperatorAuditTrail.AppendAsync(connection, transaction, entry, now, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}

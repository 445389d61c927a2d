using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IdentityOps.Core.Lifecycle;

/// <summary>Where the purge connects: a login in the <c>identityops_purge</c> role. Bound from <c>Database</c>.</summary>
public sealed class PurgeDatabaseOptions
{
    [Required]
    public string PurgeConnectionString { get; set; } = string.Empty;
}

/// <summary>The purge role's connections, kept apart from the application's.</summary>
public sealed class PurgeDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

/// <summary>
/// Day 30: deletes every row a tenant owns, in one transaction, by deleting its <c>tenants</c> row
/// (every tenant table cascades from it: token cache, sessions and audit events included), counts
/// what went from each table (read from the catalog, not from a hand list), checks nothing is left,
/// and writes a deletion receipt whose hash also enters the operators' audit chain. Runs as the
/// purge role, which sees only tenants in offboarding. Idempotent and safe to run concurrently:
/// a tenant row already taken by another run is skipped, a purged one is gone. Every run ends by
/// anchoring the operators' chain head (security-pitfalls 6), so the daily timer is also the
/// periodic anchor and a purge's own events are anchored as soon as it ends.
/// </summary>
public sealed partial class PurgeDueTenantsCommand(PurgeDataSource purge, AuditAnchorKeySource anchorKeys, TimeProvider time, ILogger<PurgeDueTenantsCommand> logger)
{
    public async Task<IReadOnlyList<DeletionReceipt>> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<Guid>();
        await using (var command = purge.DataSource.CreateCommand("SELECT id FROM tenants WHERE status = 'Offboarding' AND purge_after <= @now ORDER BY purge_after"))
        {
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetGuid(0));
            }
        }

        var receipts = new List<DeletionReceipt>();
        foreach (var tenantId in due)
        {
            if (await PurgeAsync(tenantId, now, cancellationToken) is { } receipt)
            {
                receipts.Add(receipt);
            }
        }

        await AnchorOperatorChainAsync(cancellationToken);
        return receipts;
    }

    /// <summary>
    /// Purges one tenant whose purge is already due (immediate deletion sets it due now). Null when it
    /// is not due, was restored, or another run has it or purged it already.
    /// </summary>
    public Task<DeletionReceipt?> PurgeNowAsync(Guid tenantId, CancellationToken cancellationToken)
        => PurgeAsync(tenantId, time.GetUtcNow(), cancellationToken);

    private async Task<DeletionReceipt?> PurgeAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TenantSetting.ApplyAsync(connection, transaction, tenantId, cancellationToken);

        await using (var claim = new NpgsqlCommand("SELECT 1 FROM tenants WHERE id = @id AND status = 'Offboarding' AND purge_after <= @now FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            claim.Parameters.AddWithValue("id", tenantId);
            claim.Parameters.AddWithValue("now", now);
            if (await claim.ExecuteScalarAsync(cancellationToken) is null)
            {
                return null; // restored meanwhile, already purged, or being purged by another run
            }
        }

        var tables = await TenantTablesAsync(connection, transaction, cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { ["tenants"] = 1 };
        foreach (var table in tables)
        {
            counts[table] = await CountAsync(connection, transaction, table, cancellationToken);
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM tenants WHERE id = @id", connection, transaction))
        {
            delete.Parameters.AddWithValue("id", tenantId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var table in tables)
        {
            if (await CountAsync(connection, transaction, table, cancellationToken) != 0)
            {
                throw new InvalidOperationException($"The purge of a tenant left rows in {table}; nothing was deleted.");
            }
        }

        var receipt = DeletionReceipt.Create(tenantId, AuditHashing.ToStoredPrecision(now), counts);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO deletion_receipts (sha256, purged_tenant_id, purged_at, rows_deleted) VALUES (@hash, @tenant, @at, @rows::jsonb)", connection, transaction))
        {
            insert.Parameters.AddWithValue("hash", receipt.Sha256);
            insert.Parameters.AddWithValue("tenant", tenantId);
            insert.Parameters.AddWithValue("at", receipt.PurgedAt);
            insert.Parameters.AddWithValue("rows", JsonSerializer.Serialize(receipt.RowsDeleted));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await OperatorAuditTrail.AppendAsync(
            connection, transaction, new AuditEntry("system:purge", "tenant.purged", $"tenant:{tenantId:D} receipt:{receipt.Sha256}", "succeeded", "purge"), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var rows = counts.Values.Sum();
        LogPurged(tenantId, rows, receipt.Sha256);
        return receipt;
    }

    private async Task AnchorOperatorChainAsync(CancellationToken cancellationToken)
    {
        if (anchorKeys.Key is not { } key)
        {
            LogNotAnchored(anchorKeys.Problem ?? "no key");
            return;
        }

        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        if (await OperatorAuditAnchors.AnchorAsync(connection, key, time.GetUtcNow(), cancellationToken) is { } anchor)
        {
            LogAnchored(anchor.Sequence, anchor.SignedBy);
        }
    }

    /// <summary>Every table with a tenant_id column, from the catalog: a table added later is purged and counted too.</summary>
    private static async Task<IReadOnlyList<string>> TenantTablesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
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

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged tenant {TenantId}: {Rows} rows; receipt {ReceiptHash}")]
    private partial void LogPurged(Guid tenantId, long rows, string receiptHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchored the operators' audit chain head at event {Sequence} with key {KeyId}")]
    private partial void LogAnchored(long sequence, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operators' audit chain head was not anchored: {Reason}")]
    private partial void LogNotAnchored(string reason);
}

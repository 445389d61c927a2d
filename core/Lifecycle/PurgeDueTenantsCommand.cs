using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Audit;
using IdentityOps.Core.Persistence.Lifecycle;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Lifecycle;

/// <summary>
/// Day 30: deletes every row a tenant owns, in one transaction, by deleting its <c>tenants</c> row
/// (every tenant table cascades from it: token cache, sessions and audit events included), counts
/// what went from each table (read from the catalog, not from a hand list), checks nothing is left,
/// and writes a deletion receipt whose hash also enters the operators' audit chain. Runs as the
/// purge role, whose policies show it only tenants whose purge is due (by the database's clock too),
/// so a bug or a stolen credential cannot reach an active tenant. Idempotent and safe to run concurrently:
/// a tenant row already taken by another run is skipped, a purged one is gone. Every run ends by
/// anchoring the operators' chain head (security-pitfalls 6), so the timer is also the periodic
/// anchor and a purge's own events are anchored as soon as it ends.
/// </summary>
public sealed partial class PurgeDueTenantsCommand(PurgeDataSource purge, AuditHeadKeySource anchorKeys, IEnumerable<IAuditHeadStore> headStores, TimeProvider time, ILogger<PurgeDueTenantsCommand> logger)
{
    public async Task<IReadOnlyList<DeletionReceipt>> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await purge.DueTenantsAsync(now, cancellationToken);
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

    private async Task<DeletionReceipt?> PurgeAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var tenantPurge = await purge.TryBeginTenantPurgeAsync(tenantId, now, cancellationToken);
        if (tenantPurge is null)
        {
            return null; // restored meanwhile, already purged, or being purged by another run
        }

        var tables = await tenantPurge.TenantTablesAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { ["tenants"] = 1 };
        foreach (var table in tables)
        {
            counts[table] = await tenantPurge.CountAsync(table, cancellationToken);
        }

        await tenantPurge.DeleteTenantAsync(cancellationToken);
        foreach (var table in tables)
        {
            if (await tenantPurge.CountAsync(table, cancellationToken) != 0)
            {
                throw new InvalidOperationException($"The purge of a tenant left rows in {table}; nothing was deleted.");
            }
        }

        var receipt = DeletionReceipt.Create(tenantId, AuditHashing.ToStoredPrecision(now), counts);
        await tenantPurge.RecordReceiptAsync(receipt, cancellationToken);
        await tenantPurge.AppendOperatorEventAsync(
            new AuditEntry("system:purge", "tenant.purged", $"tenant:{tenantId:D} receipt:{receipt.Sha256}", "succeeded", "purge"), now, cancellationToken);
        await tenantPurge.CommitAsync(cancellationToken);
        var rows = counts.Values.Sum();
        LogPurged(tenantId, rows, receipt.Sha256);
        return receipt;
    }

    private async Task AnchorOperatorChainAsync(CancellationToken cancellationToken)
    {
        if (anchorKeys.Signer is not { } signer)
        {
            LogNotAnchored(anchorKeys.Problem ?? "this process holds no audit head signing key");
            return;
        }

        if (await OperatorAuditAnchors.AnchorAsync(purge, signer, headStores, time.GetUtcNow(), cancellationToken) is { } anchor)
        {
            LogAnchored(anchor.Sequence, anchor.SignedBy);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged tenant {TenantId}: {Rows} rows; receipt {ReceiptHash}")]
    private partial void LogPurged(Guid tenantId, long rows, string receiptHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchored the operators' audit chain head at event {Sequence} with key {KeyId}")]
    private partial void LogAnchored(long sequence, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operators' audit chain head was not anchored: {Reason}")]
    private partial void LogNotAnchored(string reason);
}

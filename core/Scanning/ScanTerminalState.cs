using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Scanning;

/// <summary>Records how a scan ended, once: a scan already finished keeps its first ending.</summary>
internal static class ScanTerminalState
{
    public static bool IsFinished(this ScanStatus status) => status is ScanStatus.Succeeded or ScanStatus.Failed or ScanStatus.Cancelled;

    /// <summary>
    /// Marks the scan failed with an admin-readable reason unless it already finished; true when this call marked it.
    /// A scan that checkpointed before it failed has committed rows: they go in the same transaction, so a failed scan
    /// leaves nothing of its inventory, as one that never checkpointed.
    /// </summary>
    public static Task<bool> MarkFailedOnceAsync(this IdentityOpsDbContext db, Guid scanId, string reason, DateTimeOffset now)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                var scan = await db.Scans.SingleOrDefaultAsync(s => s.Id == scanId, ct);
                if (scan is null || scan.Status.IsFinished())
                {
                    return false;
                }

                scan.Status = ScanStatus.Failed;
                scan.FinishedAt = now;
                scan.Error = reason.Length > 4000 ? reason[..4000] : reason;
                if (scan.Checkpoint is not null)
                {
                    scan.Checkpoint = null;
                    foreach (var table in InventoryTables.All.Reverse())
                    {
                        await db.Database.ExecuteSqlRawAsync(string.Concat("DELETE FROM ", table.Name, " WHERE tenant_id = {0} AND scan_id = {1}"), [scan.TenantId, scan.Id], ct);
                    }
                }

                await db.SaveChangesAsync(ct);
                return true;
            },
            CancellationToken.None);
}

using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Scans;

/// <summary>Records how a scan ended, once: a scan already finished keeps its first ending.</summary>
internal static class ScanTerminalState
{
    public static bool IsFinished(this ScanStatus status) => status is ScanStatus.Succeeded or ScanStatus.Failed or ScanStatus.Cancelled;

    /// <summary>Marks the scan failed with an admin-readable reason unless it already finished; true when this call marked it.</summary>
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
                await db.SaveChangesAsync(ct);
                return true;
            },
            CancellationToken.None);
}

using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Scanning;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Scanning.ProcessScanJob;

/// <summary>
/// A scan job in the poison queue: the worker failed it on every delivery. Marks the scan failed
/// (unless the last delivery already recorded its reason, or it finished) and ends the session. Only a job the API
/// made for that scan row counts (<see cref="ScanJobSessionSeal"/>): a forged poison message fails nothing.
/// </summary>
public sealed partial class AbandonScanJobCommand(
    IdentityOpsDbContext db,
    TenantContext tenant,
    ScanJobLocks locks,
    IDelegatedSessions sessions,
    ScanJobSessionSeal seal,
    TimeProvider time,
    ILogger<AbandonScanJobCommand> logger)
{
    public async Task RunAsync(ScanJob job, CancellationToken cancellationToken)
    {
        tenant.Set(job.TenantId);
        var requestedBy = await db.InTenantTransactionAsync(
            ct => db.Scans.Where(s => s.TenantId == job.TenantId && s.Id == job.ScanId).Select(s => (Guid?)s.RequestedBy).SingleOrDefaultAsync(ct),
            cancellationToken);
        if (requestedBy is not { } admin || seal.Open(job, admin) is not { } sessionKey)
        {
            LogRefused(job.TenantId, job.ScanId);
            return;
        }

        await using (var claim = await locks.TryTakeAsync(job.ScanId, cancellationToken))
        {
            if (claim is null)
            {
                // A delivery is still running it and will record how it ends.
                return;
            }

            if (await db.MarkFailedOnceAsync(job.ScanId, "The scan could not be processed after repeated attempts; nothing of it was stored. Try again later.", time.GetUtcNow()))
            {
                LogAbandoned(job.TenantId, job.ScanId);
            }
        }

        await sessions.EndAsync(sessionKey, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A poison job for scan {ScanId} of tenant {TenantId} was not made for an existing scan row; it was dropped")]
    private partial void LogRefused(Guid tenantId, Guid scanId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan {ScanId} of tenant {TenantId} reached the poison queue and is marked failed")]
    private partial void LogAbandoned(Guid tenantId, Guid scanId);
}

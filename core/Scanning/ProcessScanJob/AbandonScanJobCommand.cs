using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Scanning;
using IdentityOps.Core.Tenancy;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Scanning.ProcessScanJob;

/// <summary>
/// A scan job in the poison queue: the worker failed it on every delivery. Marks the scan failed
/// (unless the last delivery already recorded its reason, or it finished) and ends the session.
/// </summary>
public sealed partial class AbandonScanJobCommand(
    IdentityOpsDbContext db,
    TenantContext tenant,
    ScanJobLocks locks,
    IDelegatedSessions sessions,
    TimeProvider time,
    ILogger<AbandonScanJobCommand> logger)
{
    public async Task RunAsync(ScanJob job, CancellationToken cancellationToken)
    {
        tenant.Set(job.TenantId);
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

        await sessions.EndAsync(job.SessionKey, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan {ScanId} of tenant {TenantId} reached the poison queue and is marked failed")]
    private partial void LogAbandoned(Guid tenantId, Guid scanId);
}

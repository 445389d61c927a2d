using System.Security.Claims;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scanning.ApplicationRemoved;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning.ProcessScanJob;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Scanning.StartScan;

/// <param name="TenantId">The caller's tenant (the token's <c>tid</c>).</param>
/// <param name="RequestedBy">The admin's object id; the scan reads Graph as this admin.</param>
/// <param name="Caller">The admin's validated principal, whose token starts the delegated session.</param>
public sealed record StartScanRequest(Guid TenantId, Guid RequestedBy, ClaimsPrincipal Caller);

/// <param name="AlreadyActive">True when a scan was already queued or running and is returned instead of a new one.</param>
public sealed record StartScanResult(ScanSummary Scan, bool AlreadyActive);

/// <summary>IdentityOps cannot act as the caller in their tenant; the message says why and what to do.</summary>
public sealed class DelegatedAccessException(DelegatedAccessFailure failure) : Exception(failure.Explanation)
{
    public DelegatedAccessFailure Failure { get; } = failure;
}

/// <summary>
/// Queues a scan of the caller's tenant, read as the caller: starts a long-running on-behalf-of
/// session with their token, records the scan and sends the worker a job carrying only the tenant,
/// the scan and the session key sealed to that scan's row (<see cref="ScanJobSessionSeal"/>). One active scan per tenant, enforced by the database
/// (<c>ux_scans_one_active_per_tenant</c>): a second request, even a concurrent one, gets the active scan.
/// </summary>
public sealed partial class StartScanCommand(
    IdentityOpsDbContext db,
    IDelegatedSessions sessions,
    IScanJobSender jobs,
    ScanJobSessionSeal seal,
    TenantAuditTrail audit,
    ConfirmApplicationRemovedCommand applicationRemoved,
    TimeProvider time,
    IOptions<ScanJobOptions> options,
    ILogger<StartScanCommand> logger)
{
    public async Task<StartScanResult> StartAsync(StartScanRequest request, CancellationToken cancellationToken)
    {
        if (await FindActiveAsync(request.TenantId, cancellationToken) is { } active)
        {
            return new StartScanResult(ScanSummary.From(active), AlreadyActive: true);
        }

        string sessionKey;
        try
        {
            sessionKey = await sessions.StartAsync(request.TenantId, request.Caller, cancellationToken);
        }
        catch (Exception error) when (DelegatedAccessFailure.From(error) is { } failure)
        {
            LogSessionRefused(request.TenantId, failure.Problem);
            if (failure.Problem == DelegatedAccessProblem.ApplicationRemoved)
            {
                // One answer is not proof: offboarding waits for it to repeat over time.
                var verdict = await applicationRemoved.RecordFailureAsync(failure, "api", CancellationToken.None);
                failure = failure with { Explanation = verdict.Explanation };
            }

            throw new DelegatedAccessException(failure);
        }

        await applicationRemoved.RecordSuccessAsync(cancellationToken);
        var scan = new Scan { TenantId = request.TenantId, Id = Guid.NewGuid(), RequestedBy = request.RequestedBy, RequestedAt = time.GetUtcNow() };
        try
        {
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    db.Scans.Add(scan);
                    await db.SaveChangesAsync(ct);
                    await audit.AppendAsync(new AuditEntry($"user:{request.RequestedBy:D}", "scan.requested", $"scan:{scan.Id:D}", "accepted", "api"), ct);
                },
                cancellationToken);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation(IdentityOpsModel.ActiveScanIndex))
        {
            // Another request queued a scan between our check and our insert: the index kept it to one.
            db.ChangeTracker.Clear();
            await sessions.EndAsync(sessionKey, CancellationToken.None);
            var winner = await FindActiveAsync(request.TenantId, cancellationToken)
                ?? throw new InvalidOperationException("A concurrent scan was started and finished at once; ask again.");
            return new StartScanResult(ScanSummary.From(winner), AlreadyActive: true);
        }

        try
        {
            await jobs.SendAsync(new ScanJob(request.TenantId, scan.Id, seal.Seal(request.TenantId, scan.Id, request.RequestedBy, sessionKey)), cancellationToken);
        }
        catch (Exception)
        {
            // Without its job the scan would hold the tenant's one active slot for nothing.
            await db.MarkFailedOnceAsync(scan.Id, "The scan could not be queued, so nothing was scanned. Try again in a few minutes.", time.GetUtcNow());
            await sessions.EndAsync(sessionKey, CancellationToken.None);
            throw;
        }

        LogQueued(request.TenantId, scan.Id);
        return new StartScanResult(ScanSummary.From(scan), AlreadyActive: false);
    }

    private Task<Scan?> FindActiveAsync(Guid tenantId, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            tenantId,
            async ct =>
            {
                var active = await db.Scans.SingleOrDefaultAsync(s => s.TenantId == tenantId && (s.Status == ScanStatus.Queued || s.Status == ScanStatus.Running), ct);
                var now = time.GetUtcNow();
                if (active is not null && (active.StartedAt ?? active.RequestedAt) < now - options.Value.StaleAfter)
                {
                    active.Status = ScanStatus.Failed;
                    active.FinishedAt = now;
                    active.Error = $"The scan did not finish within {options.Value.StaleAfter.TotalHours:0.#} hours and was taken as abandoned; nothing of it was stored.";
                    await db.SaveChangesAsync(ct);
                    LogAbandoned(tenantId, active.Id);
                    return null;
                }

                return active;
            },
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} of tenant {TenantId} queued")]
    private partial void LogQueued(Guid tenantId, Guid scanId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}: no delegated session could be started ({Problem})")]
    private partial void LogSessionRefused(Guid tenantId, DelegatedAccessProblem problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan {ScanId} of tenant {TenantId} was active past its time and is marked failed")]
    private partial void LogAbandoned(Guid tenantId, Guid scanId);
}

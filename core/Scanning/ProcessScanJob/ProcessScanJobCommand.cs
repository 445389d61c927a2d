using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Findings.EvaluateScan;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scanning.ApplicationRemoved;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Scanning;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Scanning.ProcessScanJob;

/// <param name="Job">The queue message.</param>
/// <param name="Delivery">Which delivery of the message this is, from 1.</param>
/// <param name="MaxDeliveries">The delivery after which the message goes to the poison queue.</param>
public sealed record ProcessScanJobRequest(ScanJob Job, int Delivery, int MaxDeliveries);

public enum ScanJobOutcome
{
    Succeeded,
    Failed,

    /// <summary>The scan had already finished (a redelivered message): nothing was run or written.</summary>
    AlreadyFinished,

    /// <summary>Another delivery of the same message is running the scan right now: nothing was run or written.</summary>
    RunningElsewhere,

    /// <summary>The scan no longer exists (its tenant was purged).</summary>
    Gone,

    /// <summary>
    /// The message was not made by the API for this scan row (another scan, tenant or admin, or no key ring behind it):
    /// nothing was run or written.
    /// </summary>
    Refused,

    /// <summary>Graph throttled the scan for long: what was collected is checkpointed and the job re-enqueued after the wait.</summary>
    Deferred,

    /// <summary>A newer job of the same scan (re-enqueued after a checkpoint) carries on: this older delivery does nothing.</summary>
    Superseded,
}

/// <summary>
/// The scan worker's job: runs a queued scan as the admin who started it, through the admin's
/// long-running session. Only a job the API made for the scan row runs: its session key opens only against the
/// row's tenant, id and requested_by (<see cref="ScanJobSessionSeal"/>), so a forged or re-aimed message runs nothing.
/// Idempotent: a redelivered message for a finished scan, or one arriving
/// while another delivery runs it (held apart by a PostgreSQL advisory lock), runs nothing and
/// writes nothing. Failures an admin must act on (consent revoked, application removed, session
/// unreadable) fail the scan at once with an explanation, and a removed enterprise application, once
/// confirmed by repeated answers (<see cref="ConfirmApplicationRemovedCommand"/>), starts offboarding; other failures are thrown so the queue delivers the message again, and the
/// last delivery records the reason before the message goes to the poison queue. A long Graph 429 does not hold the
/// message (security-pitfalls 12): the collections done are checkpointed, the job is sent again with a visibility
/// delay of Graph's Retry-After, and this delivery ends; the resumed job reads only what is left.
/// </summary>
public sealed partial class ProcessScanJobCommand(
    IdentityOpsDbContext db,
    TenantContext tenant,
    ScanJobLocks locks,
    RunScanCommand runScan,
    EvaluateScanCommand evaluate,
    DelegatedGraphClientFactory graphClients,
    IDelegatedSessions sessions,
    ConfirmApplicationRemovedCommand applicationRemoved,
    AnchorTenantAuditHeadCommand anchorAudit,
    IScanJobSender sender,
    ScanJobSessionSeal seal,
    TimeProvider time,
    ILogger<ProcessScanJobCommand> logger)
{
    public async Task<ScanJobOutcome> RunAsync(ProcessScanJobRequest request, CancellationToken cancellationToken)
    {
        var job = request.Job;
        tenant.Set(job.TenantId);

        await using var claim = await locks.TryTakeAsync(job.ScanId, cancellationToken);
        if (claim is null)
        {
            LogRunningElsewhere(job.TenantId, job.ScanId);
            return ScanJobOutcome.RunningElsewhere;
        }

        var state = await db.InTenantTransactionAsync(
            async ct => new
            {
                Scan = await db.Scans.AsNoTracking().SingleOrDefaultAsync(s => s.Id == job.ScanId, ct),
                Tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(ct),
            },
            cancellationToken);
        if (state.Scan is null || state.Tenant is null)
        {
            // No row to open the seal against: the session's tokens went with the tenant's purge, or expire with the session.
            LogGone(job.TenantId, job.ScanId);
            return ScanJobOutcome.Gone;
        }

        // The job must be the one the API made for this row: the seal opens only for its tenant, scan and requested_by.
        if (seal.Open(job, state.Scan.RequestedBy) is not { } sessionKey)
        {
            LogRefused(job.TenantId, job.ScanId);
            return ScanJobOutcome.Refused;
        }

        if (state.Scan.Status.IsFinished())
        {
            if (state.Scan is { Status: ScanStatus.Succeeded, TenantScore: null })
            {
                // The worker died between collection and evaluation: finish the job's second half only.
                await evaluate.RunAsync(new EvaluateScanRequest(job.TenantId, job.ScanId, state.Scan.StartedAt ?? state.Scan.RequestedAt), cancellationToken);
            }

            await sessions.EndAsync(sessionKey, CancellationToken.None);
            LogAlreadyFinished(job.TenantId, job.ScanId, state.Scan.Status);
            return ScanJobOutcome.AlreadyFinished;
        }

        if (ScanCheckpoint.Parse(state.Scan.Checkpoint) is { } checkpoint && checkpoint.Generation > job.Resume)
        {
            // The delivery that checkpointed sent a newer job before committing: that one resumes the scan.
            LogSuperseded(job.TenantId, job.ScanId, job.Resume, checkpoint.Generation);
            return ScanJobOutcome.Superseded;
        }

        if (state.Tenant.Status != TenantStatus.Active)
        {
            return await FailAsync(job, sessionKey, "IdentityOps is no longer active for your organisation (offboarding), so the scan was not run.");
        }

        using var graph = graphClients.Create(job.TenantId, sessionKey, GraphThrottlePriority.High);
        try
        {
            await graph.ProbeDelegatedAccessAsync(cancellationToken);
            if (state.Tenant.ApplicationNotFoundCount > 0 || state.Tenant.ApplicationNotFoundSince is not null)
            {
                await applicationRemoved.RecordSuccessAsync(cancellationToken);
            }
        }
        catch (Exception error) when (DelegatedAccessFailure.From(error) is { } failure)
        {
            if (failure.Problem == DelegatedAccessProblem.ApplicationRemoved)
            {
                // One answer is not proof (it is also what a wrong client id of ours gets): offboarding waits for repeats.
                var verdict = await applicationRemoved.RecordFailureAsync(failure, "worker", CancellationToken.None);
                return await FailAsync(job, sessionKey, verdict.Explanation);
            }

            return await FailAsync(job, sessionKey, failure.Explanation);
        }
        catch (GraphThrottledException throttled)
        {
            await sender.SendAsync(job, throttled.RetryAfter, cancellationToken);
            var seconds = throttled.RetryAfter.TotalSeconds;
            LogDeferred(job.TenantId, job.ScanId, seconds);
            return ScanJobOutcome.Deferred;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = ScanFailureReason.From(error);
            if (request.Delivery >= request.MaxDeliveries)
            {
                // The last delivery: record why before the message goes to the poison queue.
                await FailAsync(job, sessionKey, $"The scan could not start after {request.MaxDeliveries} attempts: {reason}");
            }

            // The host logs what a function throws, whole: Graph's own message (which may echo what the
            // request carried, the admin's token included) stays out of it; the worded reason goes.
            throw new ScanJobDeliveryException(reason, error);
        }

        var result = await runScan.RunAsync(
            new RunScanRequest(job.TenantId, job.ScanId, time.GetUtcNow()),
            graph,
            (checkpoint, ct) => sender.SendAsync(job with { Resume = checkpoint.Generation }, checkpoint.DelayFrom(time.GetUtcNow()), ct),
            cancellationToken);
        if (result.Deferred is { } deferred)
        {
            // The session stays: the resumed job reads Graph as the same admin.
            var seconds = deferred.DelayFrom(time.GetUtcNow()).TotalSeconds;
            LogDeferred(job.TenantId, job.ScanId, seconds);
            return ScanJobOutcome.Deferred;
        }

        await sessions.EndAsync(sessionKey, CancellationToken.None);
        if (result.Status == ScanStatus.Succeeded)
        {
            // No Graph call from here on: the rules read what the scan stored.
            await evaluate.RunAsync(new EvaluateScanRequest(job.TenantId, job.ScanId, result.AsOf), cancellationToken);
        }

        // A tenant's audit head is anchored once per scan: the scan is the one job every tenant runs
        // regularly, and the worker is the only process that works for each tenant in turn.
        await anchorAudit.AnchorAsync(cancellationToken);
        LogFinished(job.TenantId, job.ScanId, result.Status);
        return result.Status == ScanStatus.Succeeded ? ScanJobOutcome.Succeeded : ScanJobOutcome.Failed;
    }

    private async Task<ScanJobOutcome> FailAsync(ScanJob job, string sessionKey, string reason)
    {
        await db.MarkFailedOnceAsync(job.ScanId, reason, time.GetUtcNow());
        await sessions.EndAsync(sessionKey, CancellationToken.None);
        LogFailed(job.TenantId, job.ScanId);
        return ScanJobOutcome.Failed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} of tenant {TenantId} is being run by another delivery; this one does nothing")]
    private partial void LogRunningElsewhere(Guid tenantId, Guid scanId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} of tenant {TenantId} already finished ({Status}); the redelivered job does nothing")]
    private partial void LogAlreadyFinished(Guid tenantId, Guid scanId, ScanStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} of tenant {TenantId} was throttled by Graph; it resumes from its checkpoint in {Seconds} s")]
    private partial void LogDeferred(Guid tenantId, Guid scanId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} of tenant {TenantId}: job {Resume} is older than checkpoint {Generation}; a newer job resumes it")]
    private partial void LogSuperseded(Guid tenantId, Guid scanId, int resume, int generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A job for scan {ScanId} of tenant {TenantId} was not made for that scan (its session does not open for the scan's row); it was refused and nothing ran")]
    private partial void LogRefused(Guid tenantId, Guid scanId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan {ScanId} of tenant {TenantId} no longer exists; the job does nothing")]
    private partial void LogGone(Guid tenantId, Guid scanId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan {ScanId} of tenant {TenantId} failed before collection")]
    private partial void LogFailed(Guid tenantId, Guid scanId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} of tenant {TenantId} finished: {Status}")]
    private partial void LogFinished(Guid tenantId, Guid scanId, ScanStatus status);
}

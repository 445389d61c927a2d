using System.Text.Json;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Graph;

namespace IdentityOps.Core.Scanning.RunScan;

/// <param name="TenantId">The tenant being scanned; must be the unit of work's tenant.</param>
/// <param name="ScanId">A scan already recorded as queued.</param>
/// <param name="AsOf">The scan time every rule measures from.</param>
public sealed record RunScanRequest(Guid TenantId, Guid ScanId, DateTimeOffset AsOf);

/// <summary>How a scan ended, or that it stopped to wait for Graph (<see cref="ScanStatus.Running"/> with <see cref="Deferred"/>).</summary>
public sealed record RunScanResult(Guid ScanId, ScanStatus Status, IReadOnlyList<CollectionOutcome> Collections, string? Error)
{
    /// <summary>The scan time the rules measure from: a resumed scan keeps the one of its first delivery.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Set when Graph throttled the scan for long: it stays running and resumes from this checkpoint.</summary>
    public ScanCheckpoint? Deferred { get; init; }
}

/// <summary>
/// Called with a checkpoint before it is committed. A scan job re-enqueues itself here: if the worker dies between
/// the two, the message already sent resumes from the previous checkpoint, instead of a checkpoint no message resumes.
/// </summary>
public delegate Task ScanDeferredHandler(ScanCheckpoint checkpoint, CancellationToken cancellationToken);

/// <summary>
/// Collects a tenant through Graph and stores the inventory as one scan: whole or not at all.
/// Idempotent: a scan that already finished (a redelivered job) is returned as it is, not run again.
/// When Graph throttles it for longer than the client waits in process, the collections done so far are committed as a
/// <see cref="ScanCheckpoint"/>, the scan stays running, and the next run reads only the rest.
/// </summary>
public sealed class RunScanCommand(IdentityOpsDbContext db, ScanInventoryWriters writers, GraphCollector collector, TimeProvider time)
{
    public Task<RunScanResult> RunAsync(RunScanRequest request, GraphServiceClient graph, CancellationToken cancellationToken)
        => RunAsync(request, graph, onDeferred: null, cancellationToken);

    public async Task<RunScanResult> RunAsync(RunScanRequest request, GraphServiceClient graph, ScanDeferredHandler? onDeferred, CancellationToken cancellationToken)
    {
        var start = await db.InTenantTransactionAsync(request.TenantId, ct => StartAsync(request, ct), cancellationToken);
        if (start.AlreadyFinished is { } finished)
        {
            return finished;
        }

        var resumed = start.Checkpoint;
        var asOf = resumed?.AsOf ?? request.AsOf;
        try
        {
            IReadOnlyList<CollectionOutcome> outcomes;
            await using (var writer = await writers.BeginAsync(request.TenantId, request.ScanId, resuming: resumed is not null, cancellationToken))
            {
                var context = new ScanCollectionContext
                {
                    Graph = graph,
                    Inventory = writer,
                    AsOf = asOf,
                    PreviousScanId = start.PreviousScanId,
                    StoredDeltaLinks = start.DeltaLinks,
                    PreviousUnavailable = start.PreviousUnavailable,
                    Completed = resumed?.Collections.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [],
                };
                foreach (var (collection, link) in resumed?.DeltaLinks ?? new Dictionary<string, string>())
                {
                    context.NewDeltaLinks[collection] = link;
                }

                try
                {
                    outcomes = await collector.CollectAsync(context, cancellationToken);
                }
                catch (CollectionDeferredException deferred)
                {
                    var done = deferred.Completed.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
                    var checkpoint = new ScanCheckpoint(
                        (resumed?.Generation ?? 0) + 1, asOf, time.GetUtcNow() + deferred.RetryAfter, deferred.Completed,
                        context.NewDeltaLinks.Where(l => done.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));
                    if (onDeferred is not null)
                    {
                        try
                        {
                            await onDeferred(checkpoint, cancellationToken);
                        }
                        catch (Exception error) when (error is not OperationCanceledException)
                        {
                            // Nothing is committed: the job that brought this run is delivered again and resumes from
                            // the previous checkpoint. A queue that refused a message is no reason to fail the scan.
                            throw new ScanResumeNotQueuedException(error);
                        }
                    }

                    await writer.CompleteCheckpointAsync(checkpoint.ToJson(), cancellationToken);
                    db.ChangeTracker.Clear();
                    return new RunScanResult(request.ScanId, ScanStatus.Running, deferred.Completed, null) { AsOf = asOf, Deferred = checkpoint };
                }

                // Finished when the last rows have moved: the outcome is recorded then, in the same transaction.
                await writer.CompleteSucceededAsync(() => Succeeded(request, outcomes, context.NewDeltaLinks), cancellationToken);
            }

            // The writer finished the scan row on its own connection: the copy this context tracks since
            // StartAsync is stale, and a later use case in the same scope must read the row afresh.
            db.ChangeTracker.Clear();

            return new RunScanResult(request.ScanId, ScanStatus.Succeeded, outcomes, null) { AsOf = asOf };
        }
        catch (Exception error) when ((error is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && error is not ScanResumeNotQueuedException)
        {
            var reason = ScanFailureReason.From(error);
            await db.MarkFailedOnceAsync(request.ScanId, reason, time.GetUtcNow());
            return new RunScanResult(request.ScanId, ScanStatus.Failed, [], reason) { AsOf = asOf };
        }
    }

    private async Task<StartedScan> StartAsync(RunScanRequest request, CancellationToken cancellationToken)
    {
        var scan = await db.Scans.SingleOrDefaultAsync(s => s.Id == request.ScanId, cancellationToken)
            ?? throw new InvalidOperationException("The scan to run does not exist in this tenant.");
        if (scan.Status is ScanStatus.Succeeded or ScanStatus.Failed or ScanStatus.Cancelled)
        {
            return new StartedScan(null, new Dictionary<string, string>(), null, new RunScanResult(scan.Id, scan.Status, [], scan.Error) { AsOf = request.AsOf });
        }

        var checkpoint = ScanCheckpoint.Parse(scan.Checkpoint);
        scan.Status = ScanStatus.Running;
        if (checkpoint is null)
        {
            scan.StartedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);

        var previousScan = await db.Scans
            .Where(s => s.Status == ScanStatus.Succeeded && s.Id != request.ScanId)
            .OrderByDescending(s => s.FinishedAt)
            .Select(s => new { s.Id, s.Unavailable })
            .FirstOrDefaultAsync(cancellationToken);
        var previous = previousScan?.Id;
        var previousUnavailable = previousScan is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(previousScan.Unavailable) ?? new Dictionary<string, string>(StringComparer.Ordinal);

        // Delta links older than Graph keeps directory delta state (7 days) are not worth a 410.
        var freshAfter = request.AsOf.AddDays(-7);
        var links = previous is { } previousId
            ? await db.DeltaLinks.Where(l => l.ScanId == previousId && l.ObtainedAt > freshAfter).ToDictionaryAsync(l => l.Collection, l => l.Link, StringComparer.Ordinal, cancellationToken)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new StartedScan(previous, links, checkpoint, null) { PreviousUnavailable = previousUnavailable };
    }

    private SucceededScan Succeeded(RunScanRequest request, IReadOnlyList<CollectionOutcome> outcomes, IReadOnlyDictionary<string, string> deltaLinks)
    {
        var counts = outcomes.Where(o => o.IsAvailable).ToDictionary(o => o.Name, o => o.Objects);
        var warnings = outcomes
            .SelectMany(o => (o.UnavailableReason is { } reason ? [$"unavailable: {reason}"] : Array.Empty<string>()).Concat(o.Warnings).Select(w => new { collection = o.Name, warning = w }))
            .ToList();
        var unavailable = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            if (outcome.UnavailableReason is { } reason)
            {
                unavailable[outcome.Name] = reason;
            }

            foreach (var (part, partReason) in outcome.UnavailableParts)
            {
                unavailable[$"{outcome.Name}.{part}"] = partReason;
            }
        }

        return new SucceededScan(
            time.GetUtcNow(), JsonSerializer.Serialize(counts), JsonSerializer.Serialize(warnings), JsonSerializer.Serialize(unavailable), deltaLinks, request.AsOf);
    }

    private sealed record StartedScan(Guid? PreviousScanId, IReadOnlyDictionary<string, string> DeltaLinks, ScanCheckpoint? Checkpoint, RunScanResult? AlreadyFinished)
    {
        /// <summary>The previous scan's unavailable collections and parts: a delta read keeps them for properties it did not see.</summary>
        public IReadOnlyDictionary<string, string> PreviousUnavailable { get; init; } = new Dictionary<string, string>();
    }
}

/// <summary>A throttled scan could not queue the job that resumes it; nothing of this run was committed.</summary>
public sealed class ScanResumeNotQueuedException(Exception inner)
    : Exception("The job that resumes the throttled scan could not be queued; the delivery is retried from the previous checkpoint.", inner);

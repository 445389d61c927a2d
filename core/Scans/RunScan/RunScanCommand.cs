using System.Text.Json;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scans.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Graph;
using Npgsql;

namespace IdentityOps.Core.Scans.RunScan;

/// <param name="TenantId">The tenant being scanned; must be the unit of work's tenant.</param>
/// <param name="ScanId">A scan already recorded as queued.</param>
/// <param name="AsOf">The scan time every rule measures from.</param>
public sealed record RunScanRequest(Guid TenantId, Guid ScanId, DateTimeOffset AsOf);

/// <summary>How a scan ended.</summary>
public sealed record RunScanResult(Guid ScanId, ScanStatus Status, IReadOnlyList<CollectionOutcome> Collections, string? Error);

/// <summary>
/// Collects a tenant through Graph and stores the inventory as one scan: whole or not at all.
/// Idempotent: a scan that already finished (a redelivered job) is returned as it is, not run again.
/// </summary>
public sealed class RunScanCommand(IdentityOpsDbContext db, NpgsqlDataSource dataSource, GraphCollector collector, TimeProvider time)
{
    public async Task<RunScanResult> RunAsync(RunScanRequest request, GraphServiceClient graph, CancellationToken cancellationToken)
    {
        if (db.CurrentTenantId != request.TenantId)
        {
            throw new TenantIsolationException("A scan runs only in its own tenant's unit of work.");
        }

        var start = await db.InTenantTransactionAsync(ct => StartAsync(request, ct), cancellationToken);
        if (start.AlreadyFinished is { } finished)
        {
            return finished;
        }

        try
        {
            IReadOnlyList<CollectionOutcome> outcomes;
            await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, request.TenantId, request.ScanId, cancellationToken))
            {
                var context = new ScanCollectionContext
                {
                    Graph = graph,
                    Writer = writer,
                    AsOf = request.AsOf,
                    PreviousScanId = start.PreviousScanId,
                    StoredDeltaLinks = start.DeltaLinks,
                };
                outcomes = await collector.CollectAsync(context, cancellationToken);
                await writer.CompleteAsync((connection, transaction, ct) => FinishAsync(connection, transaction, request, outcomes, context.NewDeltaLinks, ct), cancellationToken);
            }

            // The writer finished the scan row on its own connection: the copy this context tracks since
            // StartAsync is stale, and a later use case in the same scope must read the row afresh.
            db.ChangeTracker.Clear();

            return new RunScanResult(request.ScanId, ScanStatus.Succeeded, outcomes, null);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ScanFailureReason.From(error);
            await MarkFailedAsync(request, reason, CancellationToken.None);
            return new RunScanResult(request.ScanId, ScanStatus.Failed, [], reason);
        }
    }

    private async Task<StartedScan> StartAsync(RunScanRequest request, CancellationToken cancellationToken)
    {
        var scan = await db.Scans.SingleOrDefaultAsync(s => s.Id == request.ScanId, cancellationToken)
            ?? throw new InvalidOperationException("The scan to run does not exist in this tenant.");
        if (scan.Status is ScanStatus.Succeeded or ScanStatus.Failed or ScanStatus.Cancelled)
        {
            return new StartedScan(null, new Dictionary<string, string>(), new RunScanResult(scan.Id, scan.Status, [], scan.Error));
        }

        scan.Status = ScanStatus.Running;
        scan.StartedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        var previous = await db.Scans
            .Where(s => s.Status == ScanStatus.Succeeded && s.Id != request.ScanId)
            .OrderByDescending(s => s.FinishedAt)
            .Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);

        // Delta links older than Graph keeps directory delta state (7 days) are not worth a 410.
        var freshAfter = request.AsOf.AddDays(-7);
        var links = previous is { } previousId
            ? await db.DeltaLinks.Where(l => l.ScanId == previousId && l.ObtainedAt > freshAfter).ToDictionaryAsync(l => l.Collection, l => l.Link, StringComparer.Ordinal, cancellationToken)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new StartedScan(previous, links, null);
    }

    private async Task FinishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RunScanRequest request, IReadOnlyList<CollectionOutcome> outcomes, IReadOnlyDictionary<string, string> deltaLinks, CancellationToken cancellationToken)
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

        var now = time.GetUtcNow();

        await using (var update = new NpgsqlCommand(
            "UPDATE scans SET status = 'Succeeded', finished_at = @now, collection_counts = @counts::jsonb, warnings = @warnings::jsonb, unavailable = @unavailable::jsonb, error = NULL WHERE tenant_id = @tenant AND id = @scan",
            connection, transaction))
        {
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("counts", JsonSerializer.Serialize(counts));
            update.Parameters.AddWithValue("warnings", JsonSerializer.Serialize(warnings));
            update.Parameters.AddWithValue("unavailable", JsonSerializer.Serialize(unavailable));
            update.Parameters.AddWithValue("tenant", request.TenantId);
            update.Parameters.AddWithValue("scan", request.ScanId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (collection, link) in deltaLinks)
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO delta_links (tenant_id, collection, scan_id, link, obtained_at) VALUES (@tenant, @collection, @scan, @link, @now)
                ON CONFLICT (tenant_id, collection) DO UPDATE SET scan_id = excluded.scan_id, link = excluded.link, obtained_at = excluded.obtained_at
                """,
                connection, transaction);
            upsert.Parameters.AddWithValue("tenant", request.TenantId);
            upsert.Parameters.AddWithValue("collection", collection);
            upsert.Parameters.AddWithValue("scan", request.ScanId);
            upsert.Parameters.AddWithValue("link", link);
            upsert.Parameters.AddWithValue("now", request.AsOf);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private Task MarkFailedAsync(RunScanRequest request, string reason, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                var scan = await db.Scans.SingleAsync(s => s.Id == request.ScanId, ct);
                scan.Status = ScanStatus.Failed;
                scan.FinishedAt = time.GetUtcNow();
                scan.Error = reason.Length > 4000 ? reason[..4000] : reason;
                await db.SaveChangesAsync(ct);
            },
            cancellationToken);

    private sealed record StartedScan(Guid? PreviousScanId, IReadOnlyDictionary<string, string> DeltaLinks, RunScanResult? AlreadyFinished);
}

using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.Digests;

public sealed record ComputeDueDigestsRequest(Guid TenantId);

/// <summary>
/// The tenant's alerts that are due now (by <see cref="TimeProvider"/>), from stored metadata only:
/// each enabled configuration's daily or weekly digest once its send hour has passed, and an alert at
/// once about the latest scan for critical triggers (new critical findings, failed scan, revoked
/// consent) or for the immediate schedule. Empty alerts are not due. The outbox, not this query,
/// decides whether a due alert was already sent.
/// </summary>
public sealed class ComputeDueDigestsCommand(IdentityOpsDbContext db, TimeProvider time)
{
    /// <summary>How recent a scan must be for an at-once alert about it; older scans are news for the digest only.</summary>
    public static readonly TimeSpan AtOnceWindow = TimeSpan.FromDays(1);

    public Task<IReadOnlyList<DueDigest>> ComputeAsync(ComputeDueDigestsRequest request, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var now = time.GetUtcNow();
                var configurations = await db.AlertConfigurations.AsNoTracking()
                    .Where(a => a.TenantId == request.TenantId && a.Enabled)
                    .OrderBy(a => a.Id)
                    .ToListAsync(ct);
                if (configurations.Count == 0)
                {
                    return (IReadOnlyList<DueDigest>)[];
                }

                var facts = await TenantAlertFacts.LoadAsync(db, request.TenantId, now, ct);
                var lastScan = facts.RecentScans.FirstOrDefault(s => s.FinishedAt >= now - AtOnceWindow);
                var due = new List<DueDigest>();
                foreach (var configuration in configurations.Where(c => c.Recipients.Length > 0))
                {
                    var triggers = AlertTrigger.ParseAll(configuration.Triggers);
                    if (DigestSchedule.Due(configuration, now) is { } period)
                    {
                        due.Add(new DueDigest(configuration, facts.Digest(configuration, triggers, period, period.WindowStart, period.DueAt, criticalOnly: false)));
                    }

                    var atOnce = configuration.Schedule == "immediate" || triggers.Any(t => t.IsCritical);
                    if (atOnce && lastScan is { FinishedAt: { } finished })
                    {
                        var scanPeriod = DigestSchedule.AtOnce(lastScan.Id, finished);
                        due.Add(new DueDigest(configuration, facts.Digest(configuration, triggers, scanPeriod, finished, finished, criticalOnly: configuration.Schedule != "immediate")));
                    }
                }

                return (IReadOnlyList<DueDigest>)[.. due.Where(d => !d.Digest.IsEmpty)];
            },
            cancellationToken);
    }
}

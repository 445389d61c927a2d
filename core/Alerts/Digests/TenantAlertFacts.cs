using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.Digests;

/// <summary>
/// Everything a tenant's alerts may say, read once per run from what scans stored (no Graph call):
/// recent finished scans, the latest two scored scans, credentials of the latest scan ending within a
/// year, and the latest scan's critical and high findings that the scan before it did not have.
/// </summary>
public sealed record TenantAlertFacts(
    string TenantName,
    IReadOnlyList<Scan> RecentScans,
    Scan? Latest,
    Scan? Previous,
    IReadOnlyList<ExpiringCredential> Credentials,
    IReadOnlyList<NewFinding> NewCriticalOrHigh)
{
    private const int RecentScanCount = 50;

    public static async Task<TenantAlertFacts> LoadAsync(IdentityOpsDbContext db, Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        var tenantName = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.DisplayName).SingleAsync(ct);
        var recent = await db.Scans.AsNoTracking()
            .Where(s => s.TenantId == tenantId && s.FinishedAt != null && (s.Status == ScanStatus.Succeeded || s.Status == ScanStatus.Failed))
            .OrderByDescending(s => s.FinishedAt).ThenBy(s => s.Id)
            .Take(RecentScanCount)
            .ToListAsync(ct);
        var succeeded = recent.Where(s => s.Status == ScanStatus.Succeeded).ToList();
        var latest = succeeded.FirstOrDefault();
        var previous = succeeded.Skip(1).FirstOrDefault();
        if (latest is null)
        {
            return new TenantAlertFacts(tenantName, recent, null, null, [], []);
        }

        var horizon = now.AddDays(366);
        var credentials = await (
                from c in db.Credentials.AsNoTracking()
                join a in db.Applications.AsNoTracking() on new { c.TenantId, c.ScanId, ObjectId = c.OwnerObjectId } equals new { a.TenantId, a.ScanId, a.ObjectId } into apps
                from a in apps.DefaultIfEmpty()
                where c.TenantId == tenantId && c.ScanId == latest.Id && c.EndsAt != null && c.EndsAt > now && c.EndsAt <= horizon
                      && c.Kind != CredentialKind.Federated
                orderby c.EndsAt, c.CredentialId
                select new { Name = a != null ? a.DisplayName : c.OwnerObjectId.ToString(), c.Kind, EndsAt = c.EndsAt!.Value })
            .ToListAsync(ct);

        var severe = new[] { "critical", "high" };
        var latestFindings = await db.Findings.AsNoTracking()
            .Where(f => f.TenantId == tenantId && f.ScanId == latest.Id && severe.Contains(f.Severity))
            .OrderBy(f => f.Severity == "critical" ? 0 : 1).ThenBy(f => f.RuleId).ThenBy(f => f.ObjectId)
            .ToListAsync(ct);
        var before = previous is null
            ? []
            : (await db.Findings.AsNoTracking()
                .Where(f => f.TenantId == tenantId && f.ScanId == previous.Id)
                .Select(f => new { f.RuleId, f.ObjectId })
                .ToListAsync(ct)).Select(f => (f.RuleId, f.ObjectId)).ToHashSet();

        return new TenantAlertFacts(
            tenantName,
            recent,
            latest,
            previous,
            [.. credentials.Select(c => new ExpiringCredential(c.Name, c.Kind.ToString(), c.EndsAt, (int)Math.Ceiling((c.EndsAt - now).TotalDays)))],
            [.. latestFindings.Where(f => !before.Contains((f.RuleId, f.ObjectId)))
                .Select(f => new NewFinding(f.Severity, f.RuleId, f.ObjectType, f.ObjectDisplayName ?? f.ObjectId, f.Explanation))]);
    }

    /// <summary>The digest of one configuration's triggers over the scans that finished in [from, to].</summary>
    public AlertDigest Digest(AlertConfiguration configuration, IReadOnlyList<AlertTrigger> triggers, DigestPeriod period, DateTimeOffset from, DateTimeOffset to, bool criticalOnly)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(period);
        bool InWindow(Scan scan) => scan.FinishedAt >= from && scan.FinishedAt <= to;
        int? Parameter(AlertTriggerKind kind) => triggers.FirstOrDefault(t => t.Kind == kind)?.Parameter;
        bool Has(AlertTriggerKind kind) => triggers.Any(t => t.Kind == kind);

        var credentials = !criticalOnly && Parameter(AlertTriggerKind.SecretsExpiringWithinDays) is { } days
            ? Credentials.Where(c => c.DaysLeft <= days).ToList()
            : [];
        var latestInWindow = Latest is not null && InWindow(Latest);
        var findings = Has(AlertTriggerKind.NewCriticalOrHighFindings) && latestInWindow
            ? NewCriticalOrHigh.Where(f => !criticalOnly || f.Severity == "critical").ToList()
            : [];
        ScoreDrop? drop = null;
        if (!criticalOnly && Parameter(AlertTriggerKind.ScoreDroppedBy) is { } threshold && latestInWindow
            && Latest!.TenantScore is { } current && Previous?.TenantScore is { } earlier && earlier - current >= threshold)
        {
            drop = new ScoreDrop(earlier, current, threshold);
        }

        var failed = RecentScans.Where(s => s.Status == ScanStatus.Failed && InWindow(s)).ToList();
        var failures = Has(AlertTriggerKind.ScanFailed)
            ? failed.Where(s => !DelegatedAccessFailure.IsConsentRevoked(s.Error)).Select(ToFailed).ToList()
            : [];
        var consent = Has(AlertTriggerKind.ConsentRevoked)
            ? failed.Where(s => DelegatedAccessFailure.IsConsentRevoked(s.Error)).Select(ToFailed).FirstOrDefault()
            : null;

        return new AlertDigest(TenantName, configuration.Name, period, Latest?.Id, credentials, findings, drop, failures, consent);
    }

    private static FailedScan ToFailed(Scan scan) => new(scan.Id, scan.FinishedAt!.Value, scan.Error ?? "The scan failed.");
}

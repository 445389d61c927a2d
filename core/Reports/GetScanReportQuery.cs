using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Reports;

public sealed record GetScanReportRequest(Guid TenantId, Guid ScanId);

/// <summary>Reads one evaluated scan, its predecessor and the score history: the data every report format renders.</summary>
public sealed class GetScanReportQuery(IdentityOpsDbContext db, RuleCatalog catalog)
{
    private const int TrendLength = 12;

    /// <returns>The report, or null when the tenant has no such evaluated scan (another tenant's id looks the same).</returns>
    public Task<ScanReport?> RunAsync(GetScanReportRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(ct => ReadAsync(request, ct), cancellationToken);

    /// <returns>The tenant's newest evaluated scan as a report, or null before its first one.</returns>
    public Task<ScanReport?> LatestAsync(Guid tenantId, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var latest = await db.Scans.AsNoTracking()
                    .Where(s => s.TenantId == tenantId && s.Status == ScanStatus.Succeeded && s.TenantScore != null)
                    .OrderByDescending(s => s.FinishedAt).ThenByDescending(s => s.Id)
                    .Select(s => (Guid?)s.Id)
                    .FirstOrDefaultAsync(ct);
                return latest is { } scanId ? await ReadAsync(new GetScanReportRequest(tenantId, scanId), ct) : null;
            },
            cancellationToken);

    private async Task<ScanReport?> ReadAsync(GetScanReportRequest request, CancellationToken cancellationToken)
    {
        var scan = await db.Scans.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == request.TenantId && s.Id == request.ScanId, cancellationToken);
        if (scan is not { Status: ScanStatus.Succeeded, TenantScore: { } score, FinishedAt: { } finishedAt })
        {
            return null;
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == request.TenantId, cancellationToken);
        var acceptances = await db.RiskAcceptances.AsNoTracking().Where(a => a.TenantId == request.TenantId).ToDictionaryAsync(a => a.Id, cancellationToken);
        var findings = (await db.Findings.AsNoTracking().Where(f => f.TenantId == request.TenantId && f.ScanId == scan.Id).ToListAsync(cancellationToken))
            .Select(f => new ReportFinding(f, Definition(f.RuleId), f.AcceptanceId is { } id ? acceptances.GetValueOrDefault(id) : null))
            .OrderByDescending(f => f.Rule.Severity).ThenByDescending(f => f.Finding.Score).ThenBy(f => f.Finding.RuleId, StringComparer.Ordinal).ThenBy(f => f.Finding.ObjectId, StringComparer.Ordinal)
            .ToList();
        var policyKinds = catalog.Rules.SelectMany(r => r.Definition.Inputs).Select(RuleInputs.CollectionOf).Distinct(StringComparer.Ordinal).ToList();
        var policies = await db.TenantPolicies.AsNoTracking()
            .Where(p => p.TenantId == request.TenantId && p.ScanId == scan.Id && policyKinds.Contains(p.Kind))
            .Select(p => new ObservedPolicy(p.Kind, p.PolicyId, p.DisplayName, p.Settings))
            .ToListAsync(cancellationToken);
        var outcomes = await db.RuleOutcomes.AsNoTracking().Where(o => o.TenantId == request.TenantId && o.ScanId == scan.Id).ToListAsync(cancellationToken);

        var history = await db.Scans.AsNoTracking()
            .Where(s => s.TenantId == request.TenantId && s.Status == ScanStatus.Succeeded && s.TenantScore != null && s.FinishedAt <= finishedAt)
            .OrderByDescending(s => s.FinishedAt).ThenByDescending(s => s.Id)
            .Take(TrendLength)
            .Select(s => new { s.Id, s.FinishedAt, s.TenantScore })
            .ToListAsync(cancellationToken);
        var previous = history.FirstOrDefault(s => s.Id != scan.Id);
        var previousFindings = previous is null
            ? []
            : await db.Findings.AsNoTracking().Where(f => f.TenantId == request.TenantId && f.ScanId == previous.Id).Select(f => new { f.RuleId, f.ObjectId, f.ObjectDisplayName }).ToListAsync(cancellationToken);
        var previousKeys = previousFindings.Select(f => new FindingKey(f.RuleId, f.ObjectId)).ToHashSet();
        var currentKeys = findings.Select(f => f.Key).ToHashSet();

        return new ScanReport(
            request.TenantId,
            tenant.DisplayName,
            scan.Id,
            scan.RequestedAt,
            score,
            [.. history.OrderBy(s => s.FinishedAt).ThenBy(s => s.Id).Select(s => new ScoreTrendPoint(s.Id, s.FinishedAt!.Value, s.TenantScore!.Value))],
            findings,
            [.. outcomes.Where(o => !o.Evaluated).OrderBy(o => o.RuleId, StringComparer.Ordinal).Select(o => new NotEvaluatedRule(o.RuleId, Definition(o.RuleId).Title, o.NotEvaluatedReason ?? ""))],
            outcomes.Count(o => o.Evaluated),
            previous is null ? [] : [.. findings.Where(f => !previousKeys.Contains(f.Key)).Select(f => f.Key)],
            [.. previousFindings.Where(f => !currentKeys.Contains(new FindingKey(f.RuleId, f.ObjectId)))
                .OrderBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.ObjectId, StringComparer.Ordinal)
                .Select(f => new ResolvedFinding(f.RuleId, Definition(f.RuleId).Title, f.ObjectId, f.ObjectDisplayName))],
            previous is not null,
            [.. outcomes.Where(o => o.Evaluated).OrderBy(o => o.RuleId, StringComparer.Ordinal).Select(o => new EvaluatedRule(o.RuleId, o.ObjectsEvaluated))],
            [.. policies.OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.PolicyId, StringComparer.Ordinal)]);
    }

    /// <summary>A rule retired since the finding was stored still gets a title: its id.</summary>
    private RuleDefinition Definition(string ruleId)
        => catalog.Find(ruleId)?.Definition
            ?? new RuleDefinition(ruleId, ruleId, RuleCategory.TenantPolicies, Severity.Info, ObjectTypes.Tenant, [], [], []);
}

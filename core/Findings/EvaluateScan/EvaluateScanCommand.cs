using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Findings.EvaluateScan;

/// <param name="AsOf">The scan time the rules measure from (never the clock).</param>
public sealed record EvaluateScanRequest(Guid TenantId, Guid ScanId, DateTimeOffset AsOf);

public sealed record EvaluateScanResult(Guid ScanId, int Findings, int Accepted, int NotEvaluated, int TenantScore);

/// <summary>
/// Runs the rules over a succeeded scan and stores its findings, rule outcomes and tenant score in one
/// tenant transaction. Re-running it (a redelivered job) replaces the scan's findings with identical ones:
/// finding ids derive from (scan, rule, object).
/// </summary>
public sealed class EvaluateScanCommand(IdentityOpsDbContext db, RuleEngine engine)
{
    public Task<EvaluateScanResult> RunAsync(EvaluateScanRequest request, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(request.TenantId, ct => EvaluateAsync(request, ct), cancellationToken);
    }

    private async Task<EvaluateScanResult> EvaluateAsync(EvaluateScanRequest request, CancellationToken cancellationToken)
    {
        // No tracking: the scan row was finished by the collector's own connection, so a tracked copy may be stale.
        var scan = await db.Scans.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == request.TenantId && s.Id == request.ScanId, cancellationToken)
            ?? throw new InvalidOperationException("The scan to evaluate does not exist in this tenant.");
        if (scan.Status != ScanStatus.Succeeded)
        {
            throw new InvalidOperationException($"Only a succeeded scan is evaluated; this one is {scan.Status}.");
        }

        var settings = await LoadSettingsAsync(request.TenantId, cancellationToken);
        var inventory = await InventoryLoader.LoadAsync(db, scan, cancellationToken);
        var evaluation = engine.Evaluate(inventory, new ScanFacts(request.TenantId, request.ScanId, request.AsOf, scan.FinishedAt ?? request.AsOf, settings));
        var acceptances = (await db.RiskAcceptances.AsNoTracking().Where(a => a.TenantId == request.TenantId && a.RevokedAt == null).ToListAsync(cancellationToken))
            .Where(a => a.CoversAt(request.AsOf))
            .GroupBy(a => (a.RuleId, a.ObjectId))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.ExpiresAt).First().Id);

        await db.Findings.Where(f => f.TenantId == request.TenantId && f.ScanId == request.ScanId).ExecuteDeleteAsync(cancellationToken);
        await db.RuleOutcomes.Where(o => o.TenantId == request.TenantId && o.ScanId == request.ScanId).ExecuteDeleteAsync(cancellationToken);

        var accepted = 0;
        foreach (var finding in evaluation.Findings)
        {
            Guid? acceptance = acceptances.TryGetValue((finding.Rule.Id, finding.ObjectId), out var id) ? id : null;
            accepted += acceptance is null ? 0 : 1;
            db.Findings.Add(ToRecord(request, finding, acceptance));
        }

        foreach (var outcome in evaluation.Outcomes)
        {
            db.RuleOutcomes.Add(new RuleOutcomeRecord
            {
                TenantId = request.TenantId, ScanId = request.ScanId, RuleId = outcome.Rule.Id, Evaluated = outcome.Evaluated,
                ObjectsEvaluated = outcome.ObjectsEvaluated, Findings = outcome.Findings, NotEvaluatedReason = outcome.NotEvaluatedReason,
            });
        }

        var open = evaluation.Findings.Where(f => !acceptances.ContainsKey((f.Rule.Id, f.ObjectId)));
        var tenantScore = RiskScore.OfTenant(open.GroupBy(f => f.Rule.Id).Select(g => RiskScore.PenaltyOfRule(g.Select(f => f.Score).ToList())));
        await db.SaveChangesAsync(cancellationToken);
        await db.Scans.Where(s => s.TenantId == request.TenantId && s.Id == request.ScanId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.TenantScore, tenantScore), cancellationToken);
        return new EvaluateScanResult(request.ScanId, evaluation.Findings.Count, accepted, evaluation.Outcomes.Count(o => !o.Evaluated), tenantScore);
    }

    private async Task<RuleSettings> LoadSettingsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var stored = await db.RuleSettings.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken);
        return stored is null ? RuleSettings.Default : JsonSerializer.Deserialize<RuleSettings>(stored.Settings, FindingJson.Options) ?? RuleSettings.Default;
    }

    internal static Finding ToRecord(EvaluateScanRequest request, EvaluatedFinding finding, Guid? acceptance) => new()
    {
        TenantId = request.TenantId,
        ScanId = request.ScanId,
        Id = FindingId(request.ScanId, finding.Rule.Id, finding.ObjectId),
        RuleId = finding.Rule.Id,
        Severity = finding.Rule.Severity.ToString(),
        Category = finding.Rule.Category.Key(),
        ObjectType = finding.Rule.ObjectType,
        ObjectId = finding.ObjectId,
        ObjectDisplayName = finding.ObjectDisplayName,
        Evidence = FindingJson.Evidence(finding.Evidence),
        Signals = JsonSerializer.Serialize(finding.Signals, FindingJson.Options),
        Explanation = finding.Explanation,
        Remediation = finding.Remediation,
        Score = finding.Score,
        AcceptanceId = acceptance,
    };

    /// <summary>A name-based id (SHA-256 of scan, rule and object), stable across re-evaluations of the same scan.</summary>
    public static Guid FindingId(Guid scanId, string ruleId, string objectId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scanId:N}\n{ruleId}\n{objectId}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}

using IdentityOps.Core.Findings;
using IdentityOps.Core.Rules;

namespace IdentityOps.Core.Reports;

/// <summary>Everything the report, findings.json and findings.csv show about one scan, read from the database.</summary>
public sealed record ScanReport(
    Guid TenantId,
    string TenantName,
    Guid ScanId,
    DateTimeOffset AsOf,
    int TenantScore,
    IReadOnlyList<ScoreTrendPoint> Trend,
    IReadOnlyList<ReportFinding> Findings,
    IReadOnlyList<NotEvaluatedRule> NotEvaluated,
    int RulesEvaluated,
    IReadOnlyList<FindingKey> New,
    IReadOnlyList<ResolvedFinding> Resolved,
    bool HasPreviousScan);

public sealed record ScoreTrendPoint(Guid ScanId, DateTimeOffset At, int Score);

public sealed record ResolvedFinding(string RuleId, string Title, string ObjectId, string? ObjectDisplayName);

public sealed record NotEvaluatedRule(string RuleId, string Title, string Reason);

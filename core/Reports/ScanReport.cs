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

/// <summary>A finding as reports show it: the stored finding, its rule's title and framework mapping, and its acceptance if one covers it.</summary>
public sealed record ReportFinding(Finding Finding, RuleDefinition Rule, RiskAcceptance? Acceptance)
{
    public bool IsAccepted => Acceptance is not null;

    public FindingKey Key => new(Finding.RuleId, Finding.ObjectId);
}

public sealed record FindingKey(string RuleId, string ObjectId);

public sealed record ResolvedFinding(string RuleId, string Title, string ObjectId, string? ObjectDisplayName);

public sealed record NotEvaluatedRule(string RuleId, string Title, string Reason);

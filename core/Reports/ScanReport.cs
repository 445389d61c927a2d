using IdentityOps.Core.Findings;
using IdentityOps.Core.Rules;

namespace IdentityOps.Core.Reports;

/// <summary>Everything the report, findings.json, findings.csv and compliance.json show about one scan, read from the database.</summary>
/// <param name="Evaluated">The rules that were evaluated, with how many objects each looked at (ordered by rule id).</param>
/// <param name="Policies">
/// The scan's tenant policies of the kinds some rule declares as an input (ordered by kind, then id): the compliance
/// view shows a passed policy control's observed settings from these.
/// </param>
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
    bool HasPreviousScan,
    IReadOnlyList<EvaluatedRule> Evaluated,
    IReadOnlyList<ObservedPolicy> Policies);

public sealed record ScoreTrendPoint(Guid ScanId, DateTimeOffset At, int Score);

public sealed record ResolvedFinding(string RuleId, string Title, string ObjectId, string? ObjectDisplayName);

public sealed record NotEvaluatedRule(string RuleId, string Title, string Reason);

/// <summary>A rule that was evaluated in the scan and how many objects it looked at (findings plus passes).</summary>
public sealed record EvaluatedRule(string RuleId, int ObjectsEvaluated);

/// <summary>A tenant policy as the scan collected it: its settings JSON is the collector's (<c>TenantPolicyRecord.Settings</c>).</summary>
public sealed record ObservedPolicy(string Kind, string PolicyId, string? DisplayName, string Settings);

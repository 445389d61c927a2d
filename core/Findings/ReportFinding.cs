using IdentityOps.Core.Rules;

namespace IdentityOps.Core.Findings;

/// <summary>A finding as reports show it: the stored finding, its rule's title and framework mapping, and its acceptance if one covers it.</summary>
public sealed record ReportFinding(Finding Finding, RuleDefinition Rule, RiskAcceptance? Acceptance)
{
    public bool IsAccepted => Acceptance is not null;

    public FindingKey Key => new(Finding.RuleId, Finding.ObjectId);
}

public sealed record FindingKey(string RuleId, string ObjectId);

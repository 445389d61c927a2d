namespace IdentityOps.Core.Rules.Engine;

/// <summary>A finding as the engine produces it: the rule's hit with its explanation and score.</summary>
public sealed record EvaluatedFinding(
    RuleDefinition Rule,
    string ObjectId,
    string? ObjectDisplayName,
    Evidence Evidence,
    IReadOnlyList<ScoreSignal> Signals,
    decimal Score,
    string Explanation,
    string Remediation);

/// <summary>How one rule went for one scan: evaluated (with how many objects passed) or not, and why.</summary>
public sealed record RuleOutcome(RuleDefinition Rule, bool Evaluated, int ObjectsEvaluated, int Findings, string? NotEvaluatedReason)
{
    public int Passed => Math.Max(0, ObjectsEvaluated - Findings);
}

/// <summary>Everything the rules said about one scan, in a stable order.</summary>
public sealed record RuleEvaluation(IReadOnlyList<EvaluatedFinding> Findings, IReadOnlyList<RuleOutcome> Outcomes);

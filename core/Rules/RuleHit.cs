namespace IdentityOps.Core.Rules;

/// <summary>One object a rule found at fault, with the evidence and the signals that weigh its score.</summary>
public sealed record RuleHit(string ObjectId, string? ObjectDisplayName, Evidence Evidence, IReadOnlyList<ScoreSignal> Signals)
{
    public RuleHit(string objectId, string? objectDisplayName, Evidence evidence)
        : this(objectId, objectDisplayName, evidence, [])
    {
    }
}

/// <summary>Something about the object that makes the same finding more or less dangerous.</summary>
/// <param name="Name">Stable name, e.g. <c>privilege-tier-direct</c>.</param>
/// <param name="Factor">Multiplies the severity weight (see docs/risk-score.md).</param>
/// <param name="Reason">Why, in words, from scan data.</param>
public sealed record ScoreSignal(string Name, decimal Factor, string Reason);

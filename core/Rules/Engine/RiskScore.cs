namespace IdentityOps.Core.Rules.Engine;

/// <summary>
/// The documented, deterministic risk formula (docs/risk-score.md): a finding's score is its severity
/// weight times its signals' factors, capped at 100; the tenant's score falls from 100 as the rules'
/// penalties add up, and never below 0.
/// </summary>
public static class RiskScore
{
    public static decimal Weight(Severity severity) => severity switch
    {
        Severity.Critical => 40m,
        Severity.High => 20m,
        Severity.Medium => 8m,
        Severity.Low => 2m,
        Severity.Info => 0m,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };

    public static decimal OfFinding(Severity severity, IEnumerable<ScoreSignal> signals)
    {
        var score = signals.Aggregate(Weight(severity), (current, signal) => current * signal.Factor);
        return Math.Min(100m, decimal.Round(score, 1, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// One rule's penalty: its worst finding counts whole and every further finding a quarter, at most
    /// double the worst, so one misconfiguration repeated across many objects cannot drown everything else.
    /// </summary>
    public static decimal PenaltyOfRule(IReadOnlyCollection<decimal> findingScores)
    {
        if (findingScores.Count == 0)
        {
            return 0m;
        }

        var worst = findingScores.Max();
        var rest = findingScores.Sum() - worst;
        return Math.Min(2m * worst, worst + (0.25m * rest));
    }

    /// <summary>100 × 100 / (100 + Σ rule penalties), rounded: 100 with no findings, 50 when the penalties reach 100.</summary>
    public static int OfTenant(IEnumerable<decimal> rulePenalties)
    {
        var total = rulePenalties.Sum();
        return (int)decimal.Round(10_000m / (100m + total), 0, MidpointRounding.AwayFromZero);
    }
}

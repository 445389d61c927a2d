using System.Globalization;

namespace IdentityOps.Core.Rules.Engine;

/// <summary>
/// Folds the findings that one object and one cause raised under two rules into one (docs/risk-score.md,
/// "One cause, one finding"). The kept finding is the <see cref="RuleOverlap.ReportedUnder"/> rule's: its
/// evidence, explanation and remediation are unchanged, and it gains one signal per folded finding,
/// <c>also-&lt;rule id&gt;</c> with factor 1, so the report says both things without counting the cause twice.
/// Deterministic: findings keep their order, overlaps are tried in their declared order, and a folded
/// finding goes to the end of the chain (A into B, B into C: both into C).
/// </summary>
public static class OneFindingPerCause
{
    public static IReadOnlyList<EvaluatedFinding> Apply(IReadOnlyList<EvaluatedFinding> findings, IReadOnlyList<RuleOverlap> overlaps)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(overlaps);
        if (overlaps.Count == 0)
        {
            return findings;
        }

        var byKey = findings.ToDictionary(f => (f.Rule.Id, f.ObjectId));
        var into = new Dictionary<EvaluatedFinding, EvaluatedFinding>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            var target = overlaps
                .Where(o => o.RuleId == finding.Rule.Id)
                .Select(o => (Overlap: o, Kept: byKey.GetValueOrDefault((o.ReportedUnder, finding.ObjectId))))
                .FirstOrDefault(c => c.Kept is not null && SameValues(c.Overlap, finding.Evidence, c.Kept.Evidence));
            if (target.Kept is not null)
            {
                into[finding] = target.Kept;
            }
        }

        if (into.Count == 0)
        {
            return findings;
        }

        var folded = findings.Where(into.ContainsKey).ToLookup(f => Final(f, into), ReferenceEqualityComparer.Instance);
        var result = new List<EvaluatedFinding>(findings.Count - into.Count);
        foreach (var finding in findings.Where(f => !into.ContainsKey(f)))
        {
            var also = folded[finding].ToList();
            result.Add(also.Count == 0 ? finding : Carrying(finding, also));
        }

        return result;
    }

    private static EvaluatedFinding Final(EvaluatedFinding finding, Dictionary<EvaluatedFinding, EvaluatedFinding> into)
    {
        var current = finding;
        for (var step = 0; into.TryGetValue(current, out var next); step++)
        {
            // RuleCatalogTests refuses cyclic overlaps; this stops a hand-built list from looping forever.
            if (step > into.Count)
            {
                throw new InvalidOperationException($"Rule overlaps form a cycle through {finding.Rule.Id}.");
            }

            current = next;
        }

        return current;
    }

    private static EvaluatedFinding Carrying(EvaluatedFinding kept, IReadOnlyList<EvaluatedFinding> also)
    {
        var signals = kept.Signals.Concat(also.Select(a => new ScoreSignal(
            $"also-{a.Rule.Id}", 1m,
            $"The same cause also matches {a.Rule.Id} ({a.Rule.Title}, {a.Rule.Severity}); reported once, here."))).ToList();

        // Factor 1 keeps the kept rule's score; the catalogue test keeps the kept rule at least as severe, and the
        // maximum makes sure folding never scores the object lower than the folded finding alone did.
        var score = Math.Max(RiskScore.OfFinding(kept.Rule.Severity, signals), also.Max(a => a.Score));
        return kept with { Signals = signals, Score = score };
    }

    private static bool SameValues(RuleOverlap overlap, Evidence folded, Evidence kept)
        => overlap.SameValues.All(pair => Values(folded[pair.Field]).All(Values(kept[pair.InField]).Contains));

    private static HashSet<string> Values(object? value) => value switch
    {
        null => [],
        string[] list => [.. list],
        IFormattable formattable => [formattable.ToString(null, CultureInfo.InvariantCulture)],
        _ => [value.ToString() ?? ""],
    };
}

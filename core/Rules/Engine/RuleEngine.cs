using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Templates;

namespace IdentityOps.Core.Rules.Engine;

/// <summary>
/// Runs every rule of the catalogue over one scan's inventory. A rule whose data is unavailable is
/// "not evaluated" with the reason, never a pass and never a finding. Deterministic: rules and findings
/// come out in a stable order, and nothing here reads the clock or the network.
/// </summary>
public sealed class RuleEngine(RuleCatalog catalog, IReadOnlyList<RuleOverlap> overlaps)
{
    public RuleEngine(RuleCatalog catalog)
        : this(catalog, RuleOverlaps.All)
    {
    }

    public RuleEvaluation Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(scan);
        var findings = new List<EvaluatedFinding>();
        var outcomes = new List<RuleOutcome>();
        foreach (var rule in catalog.Rules)
        {
            var definition = rule.Definition;
            if (NotEvaluatedReason(rule, inventory) is { } notEvaluated)
            {
                outcomes.Add(new RuleOutcome(definition, false, 0, 0, notEvaluated));
                continue;
            }

            var hits = rule.Evaluate(inventory, scan)
                .OrderBy(hit => hit.ObjectId, StringComparer.Ordinal)
                .ToList();
            if (hits.GroupBy(hit => hit.ObjectId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                // A finding names (rule, object) once: that pair is its identity and what a risk acceptance covers.
                throw new InvalidOperationException($"Rule {definition.Id} reported object {twice.Key} {twice.Count()} times; a rule reports an object at most once.");
            }

            foreach (var hit in hits)
            {
                CheckEvidence(definition, hit);
                var rendered = RuleTemplates.Render(rule, hit.Evidence);
                findings.Add(new EvaluatedFinding(
                    definition, hit.ObjectId, hit.ObjectDisplayName, hit.Evidence, hit.Signals,
                    RiskScore.OfFinding(definition.Severity, hit.Signals), rendered.Explanation, rendered.Remediation));
            }

            outcomes.Add(new RuleOutcome(definition, true, Math.Max(rule.CountEvaluated(inventory, scan), hits.Count), hits.Count, null));
        }

        // A rule's outcome keeps counting an object it found at fault, even when that finding is folded
        // into another rule's: the object did not pass it.
        return new RuleEvaluation(OneFindingPerCause.Apply(findings, overlaps), outcomes);
    }

    /// <summary>
    /// Why the rule cannot be evaluated on this inventory, naming the first declared input that is unavailable
    /// (a property inherits its collection's reason); null when every input is there. A rule is never run on
    /// data that is missing: an empty collection it could not read would look like a tenant with nothing wrong.
    /// </summary>
    /// <summary>The declared inputs' reason (<see cref="NotEvaluatedReason(RuleDefinition, TenantInventory)"/>), else the rule's own.</summary>
    public static string? NotEvaluatedReason(PostureRule rule, TenantInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return NotEvaluatedReason(rule.Definition, inventory) ?? rule.NotEvaluatedBecause(inventory);
    }

    public static string? NotEvaluatedReason(RuleDefinition definition, TenantInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(inventory);
        foreach (var input in definition.Inputs)
        {
            if (inventory.UnavailableReason(input) is { } reason)
            {
                return $"not evaluated: {input} unavailable ({reason})";
            }
        }

        return null;
    }

    /// <summary>A hit must carry exactly the evidence its rule declares: what the template reads is what the finding shows.</summary>
    private static void CheckEvidence(RuleDefinition definition, RuleHit hit)
    {
        if (!hit.Evidence.Names.SequenceEqual(definition.EvidenceFields, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"Rule {definition.Id} produced evidence [{string.Join(", ", hit.Evidence.Names)}] but declares [{string.Join(", ", definition.EvidenceFields)}].");
        }
    }
}

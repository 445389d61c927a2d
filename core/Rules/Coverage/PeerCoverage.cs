namespace IdentityOps.Core.Rules.Coverage;

public enum CoverageStatus
{
    /// <summary>A rule names the check and fails exactly when the check fails.</summary>
    Covered,

    /// <summary>Rules name the check, each with a stated difference from it.</summary>
    Partial,

    /// <summary>No rule names the check; the catalogue says why.</summary>
    NotCovered,
}

/// <summary>A rule that names a peer check, and how its verdict differs (null when it does not).</summary>
public sealed record PeerMapping(string RuleId, string? Difference);

/// <summary>How the rules cover one peer check.</summary>
public sealed record PeerCoverage(PeerCheck Check, CoverageStatus Status, IReadOnlyList<PeerMapping> Mappings);

/// <summary>Matches the rules' framework lists against the peer catalogue: the basis of docs/coverage.md.</summary>
public static class PeerCoverageMap
{
    /// <summary>Each catalogue check with the rules that name it, in catalogue order; rules in id order.</summary>
    public static IReadOnlyList<PeerCoverage> Of(IEnumerable<RuleDefinition> rules)
    {
        var references = rules
            .SelectMany(rule => rule.Frameworks.Select(reference => (Rule: rule.Id, Reference: reference)))
            .ToLookup(x => (x.Reference.Framework, x.Reference.Control));
        return [.. PeerCheckCatalog.All.Select(check =>
        {
            var mappings = references[(check.Framework, check.Control)]
                .OrderBy(x => x.Rule, StringComparer.Ordinal)
                .Select(x => new PeerMapping(x.Rule, x.Reference.Difference))
                .ToList();
            var status = mappings.Any(m => m.Difference is null) ? CoverageStatus.Covered
                : mappings.Count > 0 ? CoverageStatus.Partial
                : CoverageStatus.NotCovered;
            return new PeerCoverage(check, status, mappings);
        })];
    }

    /// <summary>References to a peer framework whose control the catalogue does not hold: a misspelt, outdated or invented id.</summary>
    public static IReadOnlyList<string> Unlisted(IEnumerable<RuleDefinition> rules)
        => [.. rules.SelectMany(rule => rule.Frameworks
                .Where(r => Frameworks.Peers.Contains(r.Framework) && PeerCheckCatalog.Find(r.Framework, r.Control) is null)
                .Select(r => $"{rule.Id}: {r.Framework} {r.Control}"))];
}

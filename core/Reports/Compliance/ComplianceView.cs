using IdentityOps.Core.Findings;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Rules.Templates;

namespace IdentityOps.Core.Reports.Compliance;

/// <summary>
/// One scan seen framework by framework (docs/compliance.md): every control of the peer frameworks
/// (<see cref="Frameworks.Peers"/>) that a rule of the catalogue maps, with its status and the findings or
/// observations behind it. Built from the catalogue and one <see cref="ScanReport"/> only, so the same scan
/// gives the same view; the report section, the web page and compliance.json all render this.
/// </summary>
public sealed record ComplianceView(Guid TenantId, string TenantName, Guid ScanId, DateTimeOffset AsOf, IReadOnlyList<ComplianceFramework> Frameworks);

/// <summary>A framework and every control of it that a rule maps, in the framework's own numbering order.</summary>
public sealed record ComplianceFramework(string Name, IReadOnlyList<ComplianceControl> Controls)
{
    public int Count(ControlStatus status) => Controls.Count(c => c.Status == status);
}

/// <summary>
/// A control's verdict over the rules that map it: Fail when any of them has a finding (open or accepted),
/// otherwise Not evaluated when any could not be evaluated, otherwise Pass.
/// </summary>
/// <param name="IsPartial">Every rule that maps the control maps it partially: the verdict is not the peer's own, see each rule's difference.</param>
/// <param name="RiskAccepted">The control fails only through findings whose risk an admin accepted.</param>
/// <param name="Statement">The line an auditor quotes: <c>CIS … 5.1.2.2 — Pass (authorizationPolicy: allowedToCreateApps = false; scan … of 2026-11-25 00:00 UTC)</c>.</param>
public sealed record ComplianceControl(string Framework, string Control, ControlStatus Status, bool IsPartial, bool RiskAccepted, string Statement, IReadOnlyList<ControlEvidence> Rules)
{
    /// <summary>The status as an auditor reads it: "Pass", "Fail", "Fail (risk accepted)", "Not evaluated", with "partial mapping" where it is one.</summary>
    public string StatusText => (Status, RiskAccepted) switch
    {
        (ControlStatus.Fail, true) => "Fail (risk accepted)",
        (ControlStatus.Fail, false) => "Fail",
        (ControlStatus.NotEvaluated, _) => "Not evaluated",
        _ => "Pass",
    } + (IsPartial ? ", partial mapping" : "");
}

public enum ControlStatus
{
    Pass,
    Fail,
    NotEvaluated,
}

/// <summary>
/// What one mapped rule says about the control: its own status, why (the observed settings or objects for a
/// pass, the reason for "not evaluated", the count for a failure) and the findings behind a failure.
/// </summary>
/// <param name="Difference">Null for a full mapping; otherwise how the rule's verdict departs from the control's.</param>
public sealed record ControlEvidence(string RuleId, string Title, ControlStatus Status, string? Difference, string Why, IReadOnlyList<ControlFinding> Findings);

/// <summary>A finding behind a failed control. <paramref name="ReportedUnder"/> names the rule whose finding carries it when it was folded into another (docs/risk-score.md "One cause, one finding").</summary>
public sealed record ControlFinding(
    string ObjectType, string ObjectId, string? ObjectDisplayName, string Severity, string? ReportedUnder, string? AcceptanceReason, DateTimeOffset? AcceptedUntil)
{
    public bool IsAccepted => AcceptedUntil is not null;
}

public static class ComplianceViewBuilder
{
    /// <summary>Policy settings shown per pass at most; beyond that the count says enough.</summary>
    private const int MaximumPoliciesShown = 5;

    /// <summary>The view of the scan over the whole catalogue as it is now (a rule retired since the scan is simply not shown).</summary>
    public static ComplianceView Build(ScanReport report, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Build(report, [.. catalog.Rules.Select(r => r.Definition)]);
    }

    public static ComplianceView Build(ScanReport report, IReadOnlyList<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rules);
        var scan = new ScanOutcomes(report);
        var evidence = rules.ToDictionary(r => r.Id, r => new RuleVerdict(r, scan), StringComparer.Ordinal);
        var frameworks = Frameworks.Peers
            .Select(framework => new ComplianceFramework(
                framework,
                [.. rules
                    .SelectMany(rule => rule.Frameworks.Where(reference => reference.Framework == framework).Select(reference => (rule, reference)))
                    .GroupBy(x => x.reference.Control, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, ControlIdComparer.Instance)
                    .Select(g => Control(report, framework, g.Key, [.. g.OrderBy(x => x.rule.Id, StringComparer.Ordinal).Select(x => evidence[x.rule.Id].For(x.reference))]))]))
            .Where(f => f.Controls.Count > 0)
            .ToList();
        return new ComplianceView(report.TenantId, report.TenantName, report.ScanId, report.AsOf, frameworks);
    }

    private static ComplianceControl Control(ScanReport report, string framework, string control, IReadOnlyList<ControlEvidence> rules)
    {
        var status = rules.Any(r => r.Status == ControlStatus.Fail) ? ControlStatus.Fail
            : rules.Any(r => r.Status == ControlStatus.NotEvaluated) ? ControlStatus.NotEvaluated
            : ControlStatus.Pass;
        var failing = rules.Where(r => r.Status == ControlStatus.Fail).SelectMany(r => r.Findings).ToList();
        var draft = new ComplianceControl(
            framework, control, status,
            IsPartial: rules.All(r => r.Difference is not null),
            RiskAccepted: failing.Count > 0 && failing.All(f => f.IsAccepted),
            "",
            rules);

        // The reasons of the rules that decide the status; with several rules each is named.
        var deciding = rules.Where(r => r.Status == status).ToList();
        var why = deciding.Count == 1 ? deciding[0].Why : string.Join("; ", deciding.Select(r => $"{r.RuleId}: {r.Why}"));
        return draft with { Statement = $"{framework} {control} — {draft.StatusText} ({why}; scan {report.ScanId} of {DisplayText.Instant(report.AsOf)})" };
    }

    /// <summary>One rule's verdict in the scan, computed once and cited under each control it maps.</summary>
    private sealed class RuleVerdict
    {
        private const string NotEvaluatedPrefix = "not evaluated: ";

        private readonly ControlStatus status;
        private readonly string why;
        private readonly IReadOnlyList<ControlFinding> findings;
        private readonly RuleDefinition rule;

        public RuleVerdict(RuleDefinition rule, ScanOutcomes scan)
        {
            this.rule = rule;
            findings = [.. scan.FindingsOf(rule.Id)];
            var evaluated = scan.Evaluated.GetValueOrDefault(rule.Id);
            var notEvaluated = scan.NotEvaluated.GetValueOrDefault(rule.Id);
            if (findings.Count > 0)
            {
                status = ControlStatus.Fail;
                var accepted = findings.Count(f => f.IsAccepted);
                why = (evaluated is { } e ? $"{findings.Count} of {Objects(e.ObjectsEvaluated)} evaluated failed" : $"{Objects(findings.Count)} failed")
                    + (accepted > 0 ? $"; {accepted} of them accepted as a risk" : "");
            }
            else if (evaluated is null)
            {
                // A rule added after this scan was evaluated has no outcome: it is not a pass.
                status = ControlStatus.NotEvaluated;
                why = notEvaluated?.Reason is { Length: > 0 } reason ? WithoutPrefix(reason) : "the rule was not evaluated in this scan";
            }
            else
            {
                status = ControlStatus.Pass;
                why = ObservedSettings(rule, scan.Policies) ?? $"{Objects(evaluated.ObjectsEvaluated)} evaluated, none failed";
            }
        }

        public ControlEvidence For(FrameworkReference reference)
            => new(rule.Id, rule.Title, status, reference.Difference, why, findings);

        private static string Objects(int count) => count == 1 ? "1 object" : $"{count} objects";

        /// <summary>The engine's reasons start "not evaluated: "; beside the status that would be said twice.</summary>
        private static string WithoutPrefix(string reason)
            => reason.StartsWith(NotEvaluatedPrefix, StringComparison.OrdinalIgnoreCase) ? reason[NotEvaluatedPrefix.Length..] : reason;
    }

    /// <summary>The scan's findings, outcomes and policies, indexed once for every rule.</summary>
    private sealed class ScanOutcomes(ScanReport report)
    {
        private readonly ILookup<string, ControlFinding> findingsByRule = report.Findings
            .SelectMany(f => FoldedRules.Of(f.Finding).Select(folded => (RuleId: folded, Finding: f, ReportedUnder: (string?)f.Finding.RuleId)).Prepend((f.Finding.RuleId, f, null)))
            .OrderBy(x => x.Finding.Finding.ObjectId, StringComparer.Ordinal).ThenBy(x => x.ReportedUnder, StringComparer.Ordinal)
            .ToLookup(
                x => x.RuleId,
                x => new ControlFinding(
                    x.Finding.Finding.ObjectType, x.Finding.Finding.ObjectId, x.Finding.Finding.ObjectDisplayName, x.Finding.Finding.Severity, x.ReportedUnder,
                    x.Finding.Acceptance?.Reason, x.Finding.Acceptance?.ExpiresAt),
                StringComparer.Ordinal);

        public IReadOnlyDictionary<string, EvaluatedRule> Evaluated { get; } = report.Evaluated.ToDictionary(e => e.RuleId, StringComparer.Ordinal);

        public IReadOnlyDictionary<string, NotEvaluatedRule> NotEvaluated { get; } = report.NotEvaluated.ToDictionary(n => n.RuleId, StringComparer.Ordinal);

        public IReadOnlyList<ObservedPolicy> Policies => report.Policies;

        public IEnumerable<ControlFinding> FindingsOf(string ruleId) => findingsByRule[ruleId];
    }

    /// <summary>
    /// For a rule that reads a tenant policy (an input naming a collected policy kind), the settings behind its
    /// pass: the properties an input names (<c>authorizationPolicy.allowedToCreateApps</c>), or else the rule's
    /// evidence fields that the policy holds — the values a finding would have shown. Null when the rule reads no
    /// policy or none of those settings was collected.
    /// </summary>
    private static string? ObservedSettings(RuleDefinition rule, IReadOnlyList<ObservedPolicy> policies)
    {
        var parts = new List<string>();
        foreach (var kind in rule.Inputs.Select(RuleInputs.CollectionOf).Distinct(StringComparer.Ordinal))
        {
            var ofKind = policies.Where(p => p.Kind == kind).ToList();
            if (ofKind.Count == 0 || ofKind.Count > MaximumPoliciesShown)
            {
                continue;
            }

            var named = rule.Inputs.Where(i => i.StartsWith(kind + ".", StringComparison.Ordinal)).Select(i => i[(kind.Length + 1)..]).ToList();
            var properties = named.Count > 0 ? named : [.. rule.EvidenceFields.Where(f => f != "displayName")];
            foreach (var policy in ofKind)
            {
                var values = PolicyValues.Read(policy.Settings, properties);
                if (values.Count > 0)
                {
                    var name = ofKind.Count > 1 ? $"{kind} '{policy.DisplayName ?? policy.PolicyId}'" : kind;
                    parts.Add($"{name}: {string.Join(", ", values.Select(v => $"{v.Name} = {v.Value}"))}");
                }
            }
        }

        return parts.Count > 0 ? string.Join("; ", parts) : null;
    }
}

/// <summary>The rules folded into a finding: its <c>also-&lt;rule id&gt;</c> signals (docs/risk-score.md "One cause, one finding").</summary>
internal static class FoldedRules
{
    public static IReadOnlySet<string> Of(Finding finding)
    {
        using var document = System.Text.Json.JsonDocument.Parse(finding.Signals);
        return document.RootElement.EnumerateArray()
            .Select(signal => signal.GetProperty("name").GetString() ?? "")
            .Where(name => name.StartsWith("also-", StringComparison.Ordinal))
            .Select(name => name["also-".Length..])
            .ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>The compliance view's lines as pages and the report show them (the raw text: each surface encodes it).</summary>
public static class ComplianceText
{
    /// <summary>One finding behind a failed control: <c>Payroll (application 1f…) · high · accepted until 2027-01-01 00:00 UTC: reason</c>.</summary>
    public static string Finding(ControlFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var text = $"{finding.ObjectDisplayName ?? finding.ObjectId} ({finding.ObjectType} {finding.ObjectId}) · {finding.Severity.ToLowerInvariant()}";
        if (finding.ReportedUnder is { } under)
        {
            text += $" · reported under {under}";
        }

        return finding.AcceptedUntil is { } until ? $"{text} · risk accepted until {DisplayText.Instant(until)}: {finding.AcceptanceReason}" : text;
    }
}

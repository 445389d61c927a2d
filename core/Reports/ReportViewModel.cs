using System.Globalization;
using System.Text;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Templates;

namespace IdentityOps.Core.Reports;

// The report template's view of a scan. Every text is SafeHtml; the template only places values.

public sealed record ReportView(
    SafeHtml TenantName, SafeHtml TenantId, SafeHtml ScanId, SafeHtml AsOf, int TenantScore, SafeHtml ScoreBand, SafeHtml TrendChart,
    int FindingsOpen, int FindingsAccepted, int Critical, int High, int Medium, int Low, int RulesEvaluated, int RulesNotEvaluated,
    IReadOnlyList<FindingView> TopRisks, IReadOnlyList<CategoryView> Categories, IReadOnlyList<FrameworkRowView> Frameworks,
    bool HasPreviousScan, IReadOnlyList<FindingView> New, IReadOnlyList<ResolvedView> Resolved,
    IReadOnlyList<FindingView> Accepted, IReadOnlyList<NotEvaluatedView> NotEvaluated, IReadOnlyList<ComplianceFrameworkView> Compliance);

public sealed record FindingView(
    SafeHtml RuleId, SafeHtml Title, SafeHtml Severity, SafeHtml SeverityClass, SafeHtml ObjectType, SafeHtml ObjectId, SafeHtml ObjectDisplayName,
    SafeHtml Score, SafeHtml Explanation, SafeHtml Remediation, IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<SafeHtml> Signals,
    SafeHtml Frameworks, SafeHtml AcceptanceReason, SafeHtml AcceptanceExpires);

public sealed record EvidenceView(SafeHtml Name, SafeHtml Value);

public sealed record CategoryView(SafeHtml Title, int Open, IReadOnlyList<FindingView> Findings);

public sealed record FrameworkRowView(SafeHtml RuleId, SafeHtml Title, SafeHtml Cis, SafeHtml Scuba, SafeHtml Attack, SafeHtml Entra, int Findings);

public sealed record ResolvedView(SafeHtml RuleId, SafeHtml Title, SafeHtml ObjectDisplayName, SafeHtml ObjectId);

public sealed record NotEvaluatedView(SafeHtml RuleId, SafeHtml Title, SafeHtml Reason);

public sealed record ComplianceFrameworkView(SafeHtml Name, int Pass, int Fail, int NotEvaluated, IReadOnlyList<ComplianceControlView> Controls);

public sealed record ComplianceControlView(SafeHtml Control, SafeHtml Status, SafeHtml StatusClass, IReadOnlyList<ComplianceRuleView> Rules);

/// <param name="Difference">Empty for a full mapping; otherwise how the rule's verdict departs from the control's.</param>
/// <param name="Findings">The first findings behind a failure, one line each; <paramref name="MoreFindings"/> counts the rest.</param>
public sealed record ComplianceRuleView(SafeHtml RuleId, SafeHtml Title, SafeHtml Status, bool IsPartial, SafeHtml Difference, SafeHtml Why, IReadOnlyList<SafeHtml> Findings, int MoreFindings);

internal static class ReportViewBuilder
{
    private const int TopRiskCount = 10;

    /// <summary>Findings listed under a failed control; the rest are in "Findings by category" and compliance.json.</summary>
    private const int ComplianceFindingsShown = 5;

    public static ReportView Build(ScanReport report, IReadOnlyList<RuleDefinition> rules)
    {
        var open = report.Findings.Where(f => !f.IsAccepted).ToList();
        var views = report.Findings.ToDictionary(f => f.Key, View);
        var newKeys = report.New.ToHashSet();
        return new ReportView(
            SafeHtml.Text(report.TenantName), SafeHtml.Text(report.TenantId.ToString()), SafeHtml.Text(report.ScanId.ToString()), SafeHtml.Text(DisplayText.Instant(report.AsOf)),
            report.TenantScore, SafeHtml.Text(Band(report.TenantScore)), TrendChart.Svg(report.Trend),
            open.Count, report.Findings.Count - open.Count,
            open.Count(f => f.Finding.Severity == nameof(Severity.Critical)), open.Count(f => f.Finding.Severity == nameof(Severity.High)),
            open.Count(f => f.Finding.Severity == nameof(Severity.Medium)), open.Count(f => f.Finding.Severity == nameof(Severity.Low)),
            report.RulesEvaluated, report.NotEvaluated.Count,
            [.. open.OrderByDescending(f => f.Finding.Score).ThenBy(f => f.Finding.RuleId, StringComparer.Ordinal).ThenBy(f => f.Finding.ObjectId, StringComparer.Ordinal).Take(TopRiskCount).Select(f => views[f.Key])],
            [.. Enum.GetValues<RuleCategory>().Select(c => new CategoryView(
                SafeHtml.Text(c.Title()),
                open.Count(f => f.Finding.Category == c.Key()),
                [.. open.Where(f => f.Finding.Category == c.Key()).Select(f => views[f.Key])]))],
            [.. rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => new FrameworkRowView(
                SafeHtml.Text(r.Id), SafeHtml.Text(r.Title), Controls(r, Frameworks.Cis), Controls(r, Frameworks.Scuba), Controls(r, Frameworks.Attack), Controls(r, Frameworks.Entra),
                open.Count(f => f.Finding.RuleId == r.Id || FoldedRules.Of(f.Finding).Contains(r.Id))))],
            report.HasPreviousScan,
            [.. report.Findings.Where(f => newKeys.Contains(f.Key)).Select(f => views[f.Key])],
            [.. report.Resolved.Select(r => new ResolvedView(SafeHtml.Text(r.RuleId), SafeHtml.Text(r.Title), SafeHtml.Text(r.ObjectDisplayName), SafeHtml.Text(r.ObjectId)))],
            [.. report.Findings.Where(f => f.IsAccepted).Select(f => views[f.Key])],
            [.. report.NotEvaluated.Select(n => new NotEvaluatedView(SafeHtml.Text(n.RuleId), SafeHtml.Text(n.Title), SafeHtml.Text(n.Reason, 500)))],
            [.. ComplianceViewBuilder.Build(report, rules).Frameworks.Select(ComplianceRows)]);
    }

    private static ComplianceFrameworkView ComplianceRows(ComplianceFramework framework)
        => new(
            SafeHtml.Text(framework.Name), framework.Count(ControlStatus.Pass), framework.Count(ControlStatus.Fail), framework.Count(ControlStatus.NotEvaluated),
            [.. framework.Controls.Select(c => new ComplianceControlView(
                SafeHtml.Text(c.Control), SafeHtml.Text(c.StatusText), SafeHtml.Text(c.Status.Key().ToLowerInvariant()),
                [.. c.Rules.Select(r => new ComplianceRuleView(
                    SafeHtml.Text(r.RuleId), SafeHtml.Text(r.Title), SafeHtml.Text(r.Status.Key()), r.Difference is not null, SafeHtml.Text(r.Difference, 1000), SafeHtml.Text(r.Why, 1000),
                    [.. r.Findings.Take(ComplianceFindingsShown).Select(f => SafeHtml.Text(ComplianceText.Finding(f), 500))],
                    Math.Max(0, r.Findings.Count - ComplianceFindingsShown)))]))]);

    private static FindingView View(ReportFinding item)
    {
        var f = item.Finding;
        return new FindingView(
            SafeHtml.Text(f.RuleId), SafeHtml.Text(item.Rule.Title), SafeHtml.Text(f.Severity), SafeHtml.Text(f.Severity.ToLowerInvariant()),
            SafeHtml.Text(f.ObjectType), SafeHtml.Text(f.ObjectId), SafeHtml.Text(f.ObjectDisplayName), SafeHtml.Text(f.Score.ToString("0.0", CultureInfo.InvariantCulture)),
            SafeHtml.Text(f.Explanation, 4000), SafeHtml.Text(f.Remediation, 4000),
            [.. EvidenceRows(f.Evidence)],
            [.. SignalRows(f.Signals)],
            SafeHtml.Text(string.Join("; ", item.Rule.Frameworks.Select(r => $"{r.Framework}: {r.Cited}")), 1000),
            SafeHtml.Text(item.Acceptance?.Reason, 1000),
            SafeHtml.Text(item.Acceptance is { } a ? DisplayText.Instant(a.ExpiresAt) : ""));
    }

    private static IEnumerable<EvidenceView> EvidenceRows(string evidenceJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(evidenceJson);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => property.Value.GetString(),
                System.Text.Json.JsonValueKind.Array => string.Join(", ", property.Value.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : e.GetRawText())),
                System.Text.Json.JsonValueKind.Null => "(none)",
                _ => property.Value.GetRawText(),
            };
            yield return new EvidenceView(SafeHtml.Text(property.Name), SafeHtml.Text(value));
        }
    }

    private static IEnumerable<SafeHtml> SignalRows(string signalsJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(signalsJson);
        foreach (var signal in document.RootElement.EnumerateArray())
        {
            var factor = signal.GetProperty("factor").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture);
            yield return SafeHtml.Text($"{signal.GetProperty("name").GetString()} ×{factor}: {signal.GetProperty("reason").GetString()}", 500);
        }
    }

    private static SafeHtml Controls(RuleDefinition rule, string framework)
        => SafeHtml.Text(string.Join(", ", rule.Frameworks.Where(r => r.Framework == framework).Select(r => r.Cited)), 500);

    private static string Band(int score) => score switch
    {
        >= 85 => "good",
        >= 65 => "fair",
        >= 40 => "poor",
        _ => "critical",
    };
}

/// <summary>The score trend as an inline SVG polyline, built from numbers only.</summary>
public static class TrendChart
{
    public static SafeHtml Svg(IReadOnlyList<ScoreTrendPoint> trend)
    {
        const int Width = 480, Height = 120, Pad = 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Tenant score across the last {trend.Count} scans\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Pad}\" y1=\"{Height - Pad}\" x2=\"{Width - Pad}\" y2=\"{Height - Pad}\" stroke=\"#999\"/>");
        var step = trend.Count > 1 ? (Width - (2.0 * Pad)) / (trend.Count - 1) : 0;
        var points = trend.Select((p, i) => (X: Pad + (i * step), Y: Height - Pad - ((Height - (2.0 * Pad)) * p.Score / 100.0), p.Score)).ToList();
        if (points.Count > 1)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\" points=\"")
               .AppendJoin(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")))
               .Append("\"/>");
        }

        foreach (var p in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{p.X:0.#}\" cy=\"{p.Y:0.#}\" r=\"3\" fill=\"#1f5fbf\"/><text x=\"{p.X:0.#}\" y=\"{p.Y - 6:0.#}\" font-size=\"10\" text-anchor=\"middle\">{p.Score}</text>");
        }

        return SafeHtml.Trusted(svg.Append("</svg>").ToString());
    }
}

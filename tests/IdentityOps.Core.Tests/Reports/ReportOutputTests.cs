using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Findings.EvaluateScan;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Tests.Rules;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Reports;

/// <summary>
/// The three outputs rendered from one fixed scan, compared byte for byte with reviewed golden files.
/// Regenerate deliberately with IDENTITYOPS_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class ReportOutputTests
{
    private const string HostileName = "<script>alert('x')</script> {{ 7*7 }} =HYPERLINK(\"http://evil.example\") a;=HYPERLINK(\"http://x\") tag\U000E0041 \u202Egnp.exe";

    private static readonly RuleCatalog Catalog = new();

    internal static ScanReport FixedReport()
    {
        var graph = ServicePrincipal(900, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);
        var hostile = App(1, HostileName);
        var client = ServicePrincipalOf(hostile, 2);
        var accepted = App(3, "Legacy payroll");
        var inventory = new TenantInventory
        {
            Applications = [hostile, accepted],
            ServicePrincipals = [graph, client],
            AppRoleAssignments = [AppRole(client.ObjectId, new Guid("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"), graph.ObjectId)],
            Credentials = [Secret(hostile.ObjectId, 1, AsOf.AddDays(-400), new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)), Secret(accepted.ObjectId, 2, AsOf.AddDays(-220), AsOf.AddDays(-40))],
            Users = [User(5)],
            Collected = new HashSet<string> { "applications", "servicePrincipals", "appRoleAssignments", "users" },
        };
        var evaluation = new RuleEngine(Catalog).Evaluate(inventory, Facts());
        var acceptance = new RiskAcceptance
        {
            TenantId = Tenant, Id = Id(77), RuleId = "app-secret-expired", ObjectId = accepted.ObjectId.ToString(), Reason = "Vendor retires the app in Q1",
            AcceptedBy = Id(5), AcceptedAt = AsOf.AddDays(-3), ExpiresAt = AsOf.AddDays(60),
        };
        var request = new EvaluateScanRequest(Tenant, ScanOfRecords, AsOf);
        var findings = evaluation.Findings
            .Select(f => (f, acceptance: f.Rule.Id == acceptance.RuleId && f.ObjectId == acceptance.ObjectId ? acceptance : null))
            .Select(x => new ReportFinding(EvaluateScanCommand.ToRecord(request, x.f, x.acceptance?.Id), x.f.Rule, x.acceptance))
            .OrderByDescending(f => f.Rule.Severity).ThenByDescending(f => f.Finding.Score).ThenBy(f => f.Finding.RuleId, StringComparer.Ordinal).ThenBy(f => f.Finding.ObjectId, StringComparer.Ordinal)
            .ToList();
        var open = findings.Where(f => !f.IsAccepted).GroupBy(f => f.Finding.RuleId).Select(g => RiskScore.PenaltyOfRule(g.Select(f => f.Finding.Score).ToList()));
        var score = RiskScore.OfTenant(open);
        return new ScanReport(
            Tenant, "Contoso <Sample>", ScanOfRecords, AsOf, score,
            [new ScoreTrendPoint(Id(1), AsOf.AddDays(-14), 81), new ScoreTrendPoint(Id(2), AsOf.AddDays(-7), 64), new ScoreTrendPoint(ScanOfRecords, AsOf, score)],
            findings,
            [.. evaluation.Outcomes.Where(o => !o.Evaluated).Select(o => new NotEvaluatedRule(o.Rule.Id, o.Rule.Title, o.NotEvaluatedReason!))],
            evaluation.Outcomes.Count(o => o.Evaluated),
            [findings[0].Key],
            [new ResolvedFinding("app-redirect-http", "Redirect URI over plain http", Id(9).ToString(), "Intranet")],
            HasPreviousScan: true,
            [.. evaluation.Outcomes.Where(o => o.Evaluated).OrderBy(o => o.Rule.Id, StringComparer.Ordinal).Select(o => new EvaluatedRule(o.Rule.Id, o.ObjectsEvaluated))],
            []);
    }

    [Theory]
    [InlineData("findings.json")]
    [InlineData("report.html")]
    [InlineData("findings.csv")]
    [InlineData("compliance.json")]
    public void Output_matches_its_golden_file(string name)
    {
        var report = FixedReport();
        var bytes = name switch
        {
            "findings.json" => FindingsJsonWriter.Write(report),
            "report.html" => new ReportHtmlRenderer(Catalog).Render(report),
            "compliance.json" => ComplianceJsonWriter.Write(ComplianceViewBuilder.Build(report, Catalog)),
            _ => FindingsCsvWriter.Write(report),
        };
        var golden = Path.Combine(GoldenFolder(), name);
        if (Environment.GetEnvironmentVariable("IDENTITYOPS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(golden, bytes);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing: run once with IDENTITYOPS_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(golden)), Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Report_is_self_contained_and_shows_hostile_names_as_text()
    {
        var html = Encoding.UTF8.GetString(new ReportHtmlRenderer(Catalog).Render(FixedReport()));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ 7*7 }}", html, StringComparison.Ordinal);
        Assert.Contains("[U+202E]gnp.exe", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Contoso &lt;Sample&gt;", html, StringComparison.Ordinal);
        foreach (var section in new[] { "summary", "top-risks", "changes", "findings", "accepted", "not-evaluated", "compliance", "frameworks" })
        {
            Assert.Contains($"<section id=\"{section}\">", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Csv_neutralises_formulas_and_json_keeps_the_full_value()
    {
        var report = FixedReport();
        var csv = Encoding.UTF8.GetString(FindingsCsvWriter.Write(report));
        var json = Encoding.UTF8.GetString(FindingsJsonWriter.Write(report));

        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", json, StringComparison.Ordinal);
        Assert.Contains("\\u202Egnp.exe", json, StringComparison.Ordinal);
    }

    /// <summary>The report template can only place SafeHtml: a view model with a plain string property would let tenant text in unencoded.</summary>
    [Fact]
    public void Report_view_model_holds_no_plain_strings()
    {
        var types = typeof(ReportView).Assembly.GetTypes().Where(t => t.Namespace == typeof(ReportView).Namespace && t.Name.EndsWith("View", StringComparison.Ordinal));
        var strings = types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.PropertyType == typeof(string) || p.PropertyType == typeof(IReadOnlyList<string>))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .ToList();

        Assert.NotEmpty(types);
        Assert.True(strings.Count == 0, string.Join(", ", strings));
    }

    private static string GoldenFolder([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");
}

using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Xunit;

namespace IdentityOps.Core.Tests.Reports.Compliance;

/// <summary>
/// The compliance view of the sample tenant (the demo's synthetic tenant) the whole way: the real SDK into the emulator,
/// the collector, PostgreSQL, the rules, the report query. compliance.json is pinned by a reviewed golden file
/// (IDENTITYOPS_UPDATE_GOLDEN=1 rewrites it; rules added or remapped change it on purpose), and the report shows the
/// same view as its "Compliance by framework" section.
/// </summary>
public sealed class SampleTenantComplianceTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    /// <summary>The scan id is random per run; the golden names this one instead.</summary>
    private static readonly Guid PinnedScanId = new("5ca40000-0000-4000-8000-000000000019");

    [Fact]
    public async Task The_sample_tenants_compliance_view_matches_its_golden_file_and_renders_in_the_report()
    {
        var synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(synthetic.Files)) { TenantId = synthetic.TenantId };
        var scan = await harness.ScanAsync(SyntheticTenantSpec.Small.AsOf);
        Assert.Equal(ScanStatus.Succeeded, scan.Status);
        await harness.EvaluateAsync(scan.ScanId, SyntheticTenantSpec.Small.AsOf);
        var report = await harness.ReportAsync(scan.ScanId) with { ScanId = PinnedScanId };

        var view = ComplianceViewBuilder.Build(report, ScanHarness.Catalog);
        var json = ComplianceJsonWriter.Write(view);
        var golden = Path.Combine(GoldenFolder(), "sample-tenant-compliance.json");
        if (Environment.GetEnvironmentVariable("IDENTITYOPS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(golden, json);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing: run once with IDENTITYOPS_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(golden)), Encoding.UTF8.GetString(json));

        // The sample tenant lets every user register apps (a planted risk): CIS 5.1.2.2 fails on the authorization policy.
        var appRegistration = view.Frameworks.Single(f => f.Name == Frameworks.Cis).Controls.Single(c => c.Control == "5.1.2.2");
        Assert.Equal(ControlStatus.Fail, appRegistration.Status);
        Assert.Contains(appRegistration.Rules.SelectMany(r => r.Findings), f => f.ObjectType == ObjectTypes.AuthorizationPolicy);

        // Every framework a rule maps is there, and the report carries every control's status line.
        var mapped = ScanHarness.Catalog.Rules.SelectMany(r => r.Definition.Frameworks).Select(f => f.Framework).Where(Frameworks.Peers.Contains).Distinct().Order();
        Assert.Equal(mapped, view.Frameworks.Select(f => f.Name).Order());
        var html = WebUtility.HtmlDecode(Encoding.UTF8.GetString(new ReportHtmlRenderer(ScanHarness.Catalog).Render(report)));
        var section = html[html.IndexOf("<section id=\"compliance\">", StringComparison.Ordinal)..html.IndexOf("<section id=\"frameworks\">", StringComparison.Ordinal)];
        foreach (var control in view.Frameworks.SelectMany(f => f.Controls))
        {
            Assert.Contains($"<code>{control.Control}</code></td><td><span class=\"sev {control.Status.Key().ToLowerInvariant()}\">{control.StatusText}</span>", section, StringComparison.Ordinal);
        }
    }

    private static string GoldenFolder([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "..", "Golden");
}

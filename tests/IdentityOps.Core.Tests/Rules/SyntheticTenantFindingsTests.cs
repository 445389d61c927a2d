using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Xunit;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>
/// The whole pipeline over the synthetic tenant (SDK → emulator → collector → PostgreSQL → rules →
/// reports): every planted risk is found on its object, and no clean object raises anything above Low.
/// </summary>
public sealed class SyntheticTenantFindingsTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Every_planted_risk_is_found_and_clean_objects_stay_at_or_below_low()
    {
        var synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(synthetic.Files)) { TenantId = synthetic.TenantId };
        var scan = await harness.ScanAsync(SyntheticTenantSpec.Small.AsOf);
        Assert.Equal(ScanStatus.Succeeded, scan.Status);
        await harness.EvaluateAsync(scan.ScanId, SyntheticTenantSpec.Small.AsOf);
        var report = await harness.ReportAsync(scan.ScanId);

        // A risk folded into another rule's finding on the same object (docs/risk-score.md, "One cause, one finding")
        // is found: that finding carries it as the signal also-<rule id>.
        var found = report.Findings.Select(f => (f.Finding.RuleId, f.Finding.ObjectId))
            .Concat(report.Findings.SelectMany(f => FoldedRuleIds(f.Finding).Select(ruleId => (ruleId, f.Finding.ObjectId))))
            .ToHashSet();
        var missing = synthetic.PlantedRisks
            .Where(p => !found.Contains((p.RiskId, p.ObjectId)))
            .Select(p => $"{p.RiskId} on {p.ObjectType} {p.ObjectId}")
            .ToList();
        Assert.True(missing.Count == 0, "Planted risks not found:\n" + string.Join("\n", missing));

        // The synthetic tenant has every licence and consent: every rule is evaluated.
        Assert.Empty(report.NotEvaluated);

        var planted = synthetic.PlantedRisks.Select(p => p.ObjectId).ToHashSet(StringComparer.Ordinal);
        var noisy = report.Findings
            .Where(f => !planted.Contains(f.Finding.ObjectId) && Enum.Parse<Severity>(f.Finding.Severity) > Severity.Low)
            .Select(f => $"{f.Finding.RuleId} ({f.Finding.Severity}) on {f.Finding.ObjectType} {f.Finding.ObjectId} '{f.Finding.ObjectDisplayName}'")
            .ToList();
        Assert.True(noisy.Count == 0, "Clean objects with findings above Low:\n" + string.Join("\n", noisy));
    }

    /// <summary>The rules folded into this finding (its <c>also-&lt;rule id&gt;</c> signals, docs/risk-score.md "One cause, one finding").</summary>
    internal static IEnumerable<string> FoldedRuleIds(Finding finding)
    {
        using var signals = System.Text.Json.JsonDocument.Parse(finding.Signals);
        return [.. signals.RootElement.EnumerateArray()
            .Select(s => s.GetProperty("name").GetString() ?? "")
            .Where(name => name.StartsWith("also-", StringComparison.Ordinal))
            .Select(name => name["also-".Length..])];
    }

    [Fact]
    public async Task The_same_scan_renders_byte_identical_outputs_and_a_rescan_reports_no_changes()
    {
        var synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(synthetic.Files)) { TenantId = Guid.NewGuid() };
        var first = await harness.ScanAsync(SyntheticTenantSpec.Small.AsOf);
        await harness.EvaluateAsync(first.ScanId, SyntheticTenantSpec.Small.AsOf);
        var renderer = new ReportHtmlRenderer(ScanHarness.Catalog);

        var once = await harness.ReportAsync(first.ScanId);
        await harness.EvaluateAsync(first.ScanId, SyntheticTenantSpec.Small.AsOf);
        var twice = await harness.ReportAsync(first.ScanId);

        Assert.Equal(FindingsJsonWriter.Write(once), FindingsJsonWriter.Write(twice));
        Assert.Equal(renderer.Render(once), renderer.Render(twice));
        Assert.Equal(FindingsCsvWriter.Write(once), FindingsCsvWriter.Write(twice));

        var second = await harness.ScanAsync(SyntheticTenantSpec.Small.AsOf);
        await harness.EvaluateAsync(second.ScanId, SyntheticTenantSpec.Small.AsOf);
        var rescan = await harness.ReportAsync(second.ScanId);
        Assert.True(rescan.HasPreviousScan);
        Assert.Empty(rescan.New);
        Assert.Empty(rescan.Resolved);
        Assert.Equal(2, rescan.Trend.Count);
    }
}

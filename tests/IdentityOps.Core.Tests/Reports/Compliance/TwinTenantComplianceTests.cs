using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Tests.Rules;
using IdentityOps.Testing.Graph;
using Xunit;

namespace IdentityOps.Core.Tests.Reports.Compliance;

/// <summary>
/// What an auditor reads for a passed tenant-policy control (issue 19 item 6): the well-kept enterprise tenant passes
/// CIS 5.1.2.2 with the setting the scan observed (the sample tenant, which plants the opposite, fails it:
/// <see cref="SampleTenantComplianceTests"/>).
/// </summary>
public sealed class TwinTenantComplianceTests(EnterpriseTwinScans scans) : IClassFixture<EnterpriseTwinScans>
{
    [Fact]
    public void The_well_kept_tenant_passes_cis_5_1_2_2_citing_the_observed_setting_and_the_scan()
    {
        var view = ComplianceViewBuilder.Build(scans.WellKept.Report, ScanHarness.Catalog);

        var control = view.Frameworks.Single(f => f.Name == Frameworks.Cis).Controls.Single(c => c.Control == "5.1.2.2");
        Assert.StartsWith($"{Frameworks.Cis} 5.1.2.2 — Pass (authorizationPolicy: allowedToCreateApps = false", control.Statement, StringComparison.Ordinal);
        Assert.EndsWith($"; scan {scans.WellKept.Report.ScanId} of 2026-11-25 00:00 UTC)", control.Statement, StringComparison.Ordinal);
    }
}

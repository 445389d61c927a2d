using IdentityOps.Core.Audit;
using IdentityOps.Core.Findings.AcceptRisk;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tests.Rules;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace IdentityOps.Core.Tests.Findings;

public sealed class RiskAcceptanceTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly DateTimeOffset AsOf = SyntheticTenantSpec.Small.AsOf;

    [Fact]
    public async Task Accepted_finding_is_listed_as_accepted_left_out_of_the_score_audited_and_raised_again_after_expiry()
    {
        var synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(synthetic.Files)) { TenantId = Guid.NewGuid() };
        var scan = await harness.ScanAsync(AsOf);
        var before = await harness.EvaluateAsync(scan.ScanId, AsOf);
        var target = (await harness.ReportAsync(scan.ScanId)).Findings.First(f => f.Finding.RuleId == "app-secret-expiring-7d").Finding;
        var admin = Guid.NewGuid();

        await using (var db = database.CreateApplicationContext(harness.TenantId))
        {
            var clock = new FakeTimeProvider(AsOf.AddHours(9));
            var command = new AcceptRiskCommand(db, new TenantAuditTrail(db, clock), ScanHarness.Catalog, clock);
            await command.RunAsync(new AcceptRiskRequest(harness.TenantId, target.RuleId, target.ObjectId, "Replacement certificate ships on Friday", AsOf.AddDays(30), admin), CancellationToken.None);
        }

        var after = await harness.EvaluateAsync(scan.ScanId, AsOf);
        var report = await harness.ReportAsync(scan.ScanId);
        var accepted = Assert.Single(report.Findings, f => f.IsAccepted);
        Assert.Equal(target.ObjectId, accepted.Finding.ObjectId);
        Assert.Equal("Replacement certificate ships on Friday", accepted.Acceptance!.Reason);
        Assert.Equal(1, after.Accepted);
        Assert.True(after.TenantScore >= before.TenantScore, $"{after.TenantScore} >= {before.TenantScore}");
        await AcceptEverythingElseAsync(harness, report, admin);
        var allAccepted = await harness.EvaluateAsync(scan.ScanId, AsOf);
        Assert.Equal(report.Findings.Count, allAccepted.Accepted);
        Assert.Equal(100, allAccepted.TenantScore);

        await using (var db = database.CreateApplicationContext(harness.TenantId))
        {
            var audited = await db.InTenantTransactionAsync(ct => db.AuditEvents.Where(e => e.Action == "risk.accepted").ToListAsync(ct), CancellationToken.None);
            Assert.Contains(audited, e => e.Actor == $"user:{admin}" && e.Target.Contains(target.ObjectId, StringComparison.Ordinal));
        }

        var later = await harness.ScanAsync(AsOf.AddDays(31));
        await harness.EvaluateAsync(later.ScanId, AsOf.AddDays(31));
        var laterReport = await harness.ReportAsync(later.ScanId);
        Assert.DoesNotContain(laterReport.Findings, f => f.IsAccepted);
    }

    private async Task AcceptEverythingElseAsync(ScanHarness harness, Core.Reports.ScanReport report, Guid admin)
    {
        await using var db = database.CreateApplicationContext(harness.TenantId);
        var clock = new FakeTimeProvider(AsOf.AddHours(10));
        var command = new AcceptRiskCommand(db, new TenantAuditTrail(db, clock), ScanHarness.Catalog, clock);
        foreach (var finding in report.Findings.Where(f => !f.IsAccepted))
        {
            await command.RunAsync(new AcceptRiskRequest(harness.TenantId, finding.Finding.RuleId, finding.Finding.ObjectId, "Accepted for the score test", AsOf.AddDays(30), admin), CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("no-such-rule", "reason", 30)]
    [InlineData("app-secret-expired", "  ", 30)]
    [InlineData("app-secret-expired", "reason", -1)]
    [InlineData("app-secret-expired", "reason", 400)]
    public async Task Invalid_acceptances_are_refused_with_a_reason_and_nothing_is_written(string ruleId, string reason, int days)
    {
        var tenantId = Guid.NewGuid();
        await TenantDataSeeder.SeedAsync(database, tenantId, "accept");
        await using var db = database.CreateApplicationContext(tenantId);
        var clock = new FakeTimeProvider(AsOf);
        var command = new AcceptRiskCommand(db, new TenantAuditTrail(db, clock), ScanHarness.Catalog, clock);

        await Assert.ThrowsAsync<RiskAcceptanceException>(() => command.RunAsync(new AcceptRiskRequest(tenantId, ruleId, "object", reason, AsOf.AddDays(days), Guid.NewGuid()), CancellationToken.None));
        var stored = await db.InTenantTransactionAsync(ct => db.RiskAcceptances.CountAsync(ct), CancellationToken.None);
        Assert.Equal(1, stored);
    }
}

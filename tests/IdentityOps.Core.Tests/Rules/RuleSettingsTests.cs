using System.ComponentModel.DataAnnotations;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Findings.UpdateRuleSettings;
using IdentityOps.Core.Rules;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace IdentityOps.Core.Tests.Rules;

public sealed class RuleSettingsTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly DateTimeOffset AsOf = SyntheticTenantSpec.Small.AsOf;

    [Fact]
    public async Task Stored_settings_change_what_the_next_evaluation_finds()
    {
        var synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(synthetic.Files)) { TenantId = Guid.NewGuid() };
        var scan = await harness.ScanAsync(AsOf);
        await harness.EvaluateAsync(scan.ScanId, AsOf);
        var defaults = (await harness.ReportAsync(scan.ScanId)).Findings.Count(f => f.Finding.RuleId == "app-secret-lifetime-over-1y");

        await using (var db = database.CreateApplicationContext(harness.TenantId))
        {
            var clock = new FakeTimeProvider(AsOf);
            await new UpdateRuleSettingsCommand(db, new TenantAuditTrail(db, clock), clock)
                .RunAsync(new UpdateRuleSettingsRequest(harness.TenantId, RuleSettings.Default with { MaximumSecretLifetimeDays = 90 }, Guid.NewGuid()), CancellationToken.None);
        }

        await harness.EvaluateAsync(scan.ScanId, AsOf);
        var strict = (await harness.ReportAsync(scan.ScanId)).Findings.Count(f => f.Finding.RuleId == "app-secret-lifetime-over-1y");
        Assert.True(strict > defaults, $"{strict} > {defaults}");
    }

    [Fact]
    public async Task Inconsistent_settings_are_refused()
    {
        var tenantId = Guid.NewGuid();
        await TenantDataSeeder.SeedAsync(database, tenantId, "settings");
        await using var db = database.CreateApplicationContext(tenantId);
        var command = new UpdateRuleSettingsCommand(db, new TenantAuditTrail(db, TimeProvider.System), TimeProvider.System);

        await Assert.ThrowsAsync<ValidationException>(() => command.RunAsync(new UpdateRuleSettingsRequest(tenantId, RuleSettings.Default with { SecretExpiryUrgentDays = 30, SecretExpiryWarningDays = 10 }, Guid.NewGuid()), CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => command.RunAsync(new UpdateRuleSettingsRequest(tenantId, RuleSettings.Default with { StaleUserDays = 1 }, Guid.NewGuid()), CancellationToken.None));
    }
}

using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Audit;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.Offboarding;

/// <summary>Offboarding day 0, restore until day 30, purge on day 30: nothing of the tenant left, nobody else touched.</summary>
[Trait("Claim", TrustClaimIds.Offboarding)]
public sealed class PurgeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TenantDatabase database = new();
    private readonly FakeTimeProvider clock = new(Day0);
    private readonly Guid leaving = Guid.NewGuid();
    private readonly Guid staying = Guid.NewGuid();
    private readonly string keyFile = AnchorKeys.NewKeyFile();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await TenantDataSeeder.SeedAsync(database, leaving, "leaving");
        await TenantDataSeeder.SeedAsync(database, staying, "staying");
        await using var db = database.CreateApplicationContext(leaving);
        await new OffboardTenantCommand(db, clock).OffboardAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task On_day_29_nothing_is_purged_and_a_restore_brings_everything_back()
    {
        clock.SetUtcNow(Day0.AddDays(29));
        Assert.Empty(await PurgeCommand().RunAsync(CancellationToken.None));

        await using var db = database.CreateApplicationContext(leaving);
        Assert.True(await new RestoreTenantCommand(db).RestoreAsync(CancellationToken.None));
        clock.SetUtcNow(Day0.AddDays(31));
        Assert.Empty(await PurgeCommand().RunAsync(CancellationToken.None));
        Assert.All(await CountsAsync(leaving), table => Assert.True(table.Value > 0, $"{table.Key} lost rows of a restored tenant"));
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.DeletionReceipt)]
    public async Task On_day_30_every_tenant_table_is_empty_for_the_tenant_the_receipt_verifies_and_the_other_tenant_is_untouched()
    {
        var before = await CountsAsync(leaving);
        var othersBefore = await CountsAsync(staying);
        clock.SetUtcNow(Day0.AddDays(30));

        var receipt = Assert.Single(await PurgeCommand().RunAsync(CancellationToken.None));

        Assert.All(await CountsAsync(leaving), table => Assert.True(table.Value == 0, $"{table.Key} still holds {table.Value} rows of the purged tenant"));
        Assert.Equal(othersBefore, await CountsAsync(staying));
        Assert.True(receipt.Verifies());
        Assert.Equal(leaving, receipt.TenantId);
        Assert.All(before, table => Assert.Equal(table.Value, receipt.RowsDeleted[table.Key]));
        Assert.DoesNotContain("leaving", System.Text.Json.JsonSerializer.Serialize(receipt), StringComparison.Ordinal); // no tenant data

        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        Assert.Equal(receipt.Sha256, await SchemaCatalog.ScalarAsync<string>(superuser, "SELECT sha256 FROM deletion_receipts"));
        var chain = await OperatorAuditTrail.VerifyAsync(superuser, CancellationToken.None);
        Assert.True(chain.IsIntact, chain.Problem);
        Assert.Contains(receipt.Sha256, await SchemaCatalog.ScalarAsync<string>(superuser, "SELECT target FROM operator_audit_events WHERE sequence = 1"), StringComparison.Ordinal);

        // The run ends by anchoring the operators' chain: the purge's own event is under a signed head.
        var anchored = await OperatorAuditAnchors.VerifyAsync(superuser, AnchorKeys.Source(keyFile).PublicKey!, [], CancellationToken.None);
        Assert.True(anchored.IsIntact, anchored.Describe());
        Assert.Equal(1, anchored.LatestAnchor?.Sequence);
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.DeletionReceipt)]
    public async Task The_live_check_verifies_stored_receipts_and_fails_on_one_altered_after_the_purge()
    {
        clock.SetUtcNow(Day0.AddDays(30));
        Assert.Single(await PurgeCommand().RunAsync(CancellationToken.None));
        var check = new DeletionReceiptCheck(PurgeServices());
        var met = await check.EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, met.Status);
        Assert.StartsWith("1 deletion receipts", met.Evidence, StringComparison.Ordinal);

        await using (var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString))
        {
            await SchemaCatalog.ExecuteAsync(superuser, """
                ALTER TABLE deletion_receipts DISABLE TRIGGER deletion_receipts_append_only;
                UPDATE deletion_receipts SET rows_deleted = jsonb_set(rows_deleted, '{tenants}', '0');
                ALTER TABLE deletion_receipts ENABLE TRIGGER deletion_receipts_append_only;
                """);
        }

        var failing = await check.EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Failing, failing.Status);
        Assert.Contains("no longer matches its hash", failing.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_check_reports_the_restore_window_and_the_purge_schedule()
    {
        var result = await new OffboardingCheck(PurgeServices()).EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, result.Status);
        Assert.Contains($"restore window 30 days, purge schedule {PurgeSchedule.Cron}", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_and_a_concurrent_purge_are_harmless()
    {
        clock.SetUtcNow(Day0.AddDays(30));

        var concurrent = await Task.WhenAll(PurgeCommand().RunAsync(CancellationToken.None), PurgeCommand().RunAsync(CancellationToken.None));
        var again = await PurgeCommand().RunAsync(CancellationToken.None);

        Assert.Single(concurrent.SelectMany(r => r));
        Assert.Empty(again);
        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        Assert.Equal(1L, await SchemaCatalog.ScalarAsync<long>(superuser, "SELECT count(*) FROM deletion_receipts"));
        Assert.Equal(1L, await SchemaCatalog.ScalarAsync<long>(superuser, "SELECT count(*) FROM operator_audit_events"));
    }

    [Fact]
    public async Task An_active_tenant_is_never_purged_even_with_a_past_purge_date()
    {
        await using (var db = database.CreateApplicationContext(staying))
        {
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    var tenant = await db.Tenants.SingleAsync(ct);
                    tenant.PurgeAfter = Day0;
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
        }

        clock.SetUtcNow(Day0.AddDays(29)); // the offboarded tenant is not due yet either
        Assert.Empty(await PurgeCommand().RunAsync(CancellationToken.None));
        Assert.All(await CountsAsync(staying), table => Assert.True(table.Value > 0));
    }

    private ServiceProvider PurgeServices()
        => new ServiceCollection().AddSingleton(PurgeDataSource()).BuildServiceProvider();

    private PurgeDataSource PurgeDataSource() => new(NpgsqlDataSource.Create(database.Provisioned.PurgeConnectionString));

    private PurgeDueTenantsCommand PurgeCommand()
        => new(PurgeDataSource(), AnchorKeys.Source(keyFile), [], clock, NullLogger<PurgeDueTenantsCommand>.Instance);

    /// <summary>Rows of one tenant in every tenant table of the live schema, read by a superuser.</summary>
    private async Task<Dictionary<string, long>> CountsAsync(Guid tenant)
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["tenants"] = await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM tenants WHERE id = @t", ("t", tenant)),
        };
        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            counts[table] = await SchemaCatalog.ScalarAsync<long>(connection, $"SELECT count(*) FROM {table} WHERE tenant_id = @t", ("t", tenant));
        }

        return counts;
    }
}

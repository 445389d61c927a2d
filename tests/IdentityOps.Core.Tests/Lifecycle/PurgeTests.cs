using IdentityOps.Core.Audit;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IdentityOps.Core.Tests.Lifecycle;

/// <summary>Offboarding day 0, restore until day 30, purge on day 30: nothing of the tenant left, nobody else touched.</summary>
public sealed class PurgeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TenantDatabase database = new();
    private readonly FakeTimeProvider clock = new(Day0);
    private readonly Guid leaving = Guid.NewGuid();
    private readonly Guid staying = Guid.NewGuid();

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

    private PurgeDueTenantsCommand PurgeCommand()
        => new(new PurgeDataSource(NpgsqlDataSource.Create(database.Provisioned.PurgeConnectionString)), clock, NullLogger<PurgeDueTenantsCommand>.Instance);

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

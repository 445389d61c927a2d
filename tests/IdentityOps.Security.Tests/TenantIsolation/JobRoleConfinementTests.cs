using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>
/// The job roles are confined by the database itself, not by the queries their code happens to run
/// (issue 18, item 2, as the review reproduced it): the purge role, even with <c>app.tenant_id</c> set
/// to a tenant, reads and deletes only a tenant whose purge is due, and never a token-cache ciphertext;
/// the scheduler reads no offboarding tenant's alert settings and no recipient at all.
/// </summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class JobRoleConfinementTests : IAsyncLifetime
{
    private readonly TenantDatabase database = new();
    private readonly Guid active = Guid.NewGuid();
    private readonly Guid offboarding = Guid.NewGuid();
    private readonly Guid due = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await TenantDataSeeder.SeedAsync(database, active, "active");
        await TenantDataSeeder.SeedAsync(database, offboarding, "offboarding");
        await TenantDataSeeder.SeedAsync(database, due, "due");

        // Offboarded today: due in 30 days by the database's clock. Offboarded 31 days ago: due now.
        await OffboardAsync(offboarding, TimeProvider.System);
        await OffboardAsync(due, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-31)));
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task The_purge_role_with_an_active_tenant_set_reads_none_of_its_rows_and_no_token_cache_ciphertext_at_all()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.PurgeConnectionString);
        foreach (var tenant in new[] { active, offboarding })
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await TenantSetting.ApplyAsync(connection, transaction, tenant, CancellationToken.None);
            Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM token_cache_entries"));
            Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM audit_events"));
            Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM tenants WHERE id = @t", ("t", tenant)));
        }

        // Not even a due tenant's ciphertext: the purge counts rows and lets the cascade delete them.
        await using var dueTransaction = await connection.BeginTransactionAsync();
        await TenantSetting.ApplyAsync(connection, dueTransaction, due, CancellationToken.None);
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(protected_value) FROM token_cache_entries"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task The_purge_role_with_an_active_or_not_yet_due_tenant_set_deletes_nothing_and_its_audit_chain_stays()
    {
        var before = await AuditEventsAsync();
        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.PurgeConnectionString);
        foreach (var tenant in new[] { active, offboarding })
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await TenantSetting.ApplyAsync(connection, transaction, tenant, CancellationToken.None);
            var deleted = await SchemaCatalog.ExecuteAsync(connection, $"DELETE FROM tenants WHERE id = '{tenant}'", transaction);
            await transaction.CommitAsync();
            Assert.True(deleted == 0, $"the purge role deleted tenant {tenant}, which is not due");
        }

        Assert.Equal(before, await AuditEventsAsync());
        Assert.True(before[active] > 0 && before[offboarding] > 0, "the seed wrote no audit events: the test proves nothing");
    }

    [Fact]
    public async Task The_purge_role_counts_and_deletes_a_tenant_whose_purge_is_due()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.PurgeConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        await TenantSetting.ApplyAsync(connection, transaction, due, CancellationToken.None);
        Assert.Equal(1L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM token_cache_entries"));
        Assert.Equal(1, await SchemaCatalog.ExecuteAsync(connection, $"DELETE FROM tenants WHERE id = '{due}'", transaction));
        Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM token_cache_entries"));
    }

    [Fact]
    public async Task The_scheduler_sees_alert_settings_of_active_tenants_only_and_no_recipient()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.SchedulerConnectionString);
        Assert.Equal(
            [active],
            await SchemaCatalog.ListAsync<Guid>(connection, "SELECT DISTINCT tenant_id FROM alert_configurations"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM alert_configurations WHERE cardinality(recipients) > 0"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    private async Task OffboardAsync(Guid tenant, TimeProvider clock)
    {
        await using var db = database.CreateApplicationContext(tenant);
        await new OffboardTenantCommand(db, clock).OffboardAsync(CancellationToken.None);
    }

    private async Task<Dictionary<Guid, long>> AuditEventsAsync()
    {
        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var counts = new Dictionary<Guid, long>();
        foreach (var tenant in new[] { active, offboarding, due })
        {
            counts[tenant] = await SchemaCatalog.ScalarAsync<long>(superuser, "SELECT count(*) FROM audit_events WHERE tenant_id = @t", ("t", tenant));
        }

        return counts;
    }
}

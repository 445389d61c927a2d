using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>Two tenants with a row in every table; each wall must keep them apart on its own.</summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class TenantIsolationTests(TwoTenantDatabase fixture) : IClassFixture<TwoTenantDatabase>
{
    private TenantDatabase Database => fixture.Database;

    [Fact]
    public async Task The_seed_reaches_every_tenant_table_of_the_live_schema_for_both_tenants()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.SuperuserConnectionString);
        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            var tenants = await SchemaCatalog.ScalarAsync<long>(connection, $"SELECT count(DISTINCT tenant_id) FROM {table}");
            Assert.True(tenants == 2, $"{table} has rows of {tenants} tenants; TenantDataSeeder must write every tenant table");
        }
    }

    [Fact]
    public async Task A_raw_select_as_the_application_role_with_no_tenant_set_returns_no_rows()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.Provisioned.ApplicationConnectionString);
        foreach (var table in (await SchemaCatalog.TenantTablesAsync(connection)).Append("tenants"))
        {
            Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(connection, $"SELECT count(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task A_raw_select_with_tenant_a_set_returns_rows_of_a_and_none_of_b()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.Provisioned.ApplicationConnectionString);
        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await SetTenantAsync(connection, transaction, fixture.TenantA);
            var counts = await CountByTenantAsync(connection, transaction, table);
            Assert.True(counts.GetValueOrDefault(fixture.TenantA) > 0, $"{table}: tenant A sees none of its own rows");
            Assert.False(counts.ContainsKey(fixture.TenantB), $"{table}: tenant A sees rows of tenant B");
        }
    }

    [Fact]
    public async Task Every_entity_set_read_as_tenant_a_returns_only_tenant_a()
    {
        await using var db = Database.CreateApplicationContext(fixture.TenantA);
        await AssertEveryEntitySetHoldsOnlyAsync(db, fixture.TenantA);
    }

    [Fact]
    public async Task The_application_filter_alone_keeps_tenants_apart_when_row_level_security_is_bypassed()
    {
        // A superuser bypasses RLS: whatever tenant A's context reads here is the application's wall alone.
        await using var db = TenantDatabase.CreateContext(Database.SuperuserConnectionString, fixture.TenantA);
        await AssertEveryEntitySetHoldsOnlyAsync(db, fixture.TenantA);
    }

    [Fact]
    public async Task Row_level_security_alone_keeps_tenants_apart_when_the_application_filter_is_ignored()
    {
        await using var db = Database.CreateApplicationContext(fixture.TenantA);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                foreach (var entityType in TenantEntityTypes(db))
                {
                    var rows = await QueryAsync(db, entityType, ignoreFilters: true, ct);
                    Assert.NotEmpty(rows);
                    Assert.All(rows, row => Assert.Equal(fixture.TenantA, TenantOf(row)));
                }
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task A_context_with_no_tenant_reads_nothing()
    {
        await using var db = Database.CreateApplicationContext(tenantId: null);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                foreach (var entityType in TenantEntityTypes(db))
                {
                    Assert.Empty(await QueryAsync(db, entityType, ignoreFilters: true, ct));
                }
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task One_pooled_connection_reused_by_tenant_a_then_b_then_no_tenant_shows_each_only_its_own_rows()
    {
        var onePooled = new NpgsqlConnectionStringBuilder(Database.Provisioned.ApplicationConnectionString) { MaxPoolSize = 1, Pooling = true }.ConnectionString;
        var backends = new HashSet<int>();

        foreach (var (tenant, expected) in new (Guid?, Guid?)[] { (fixture.TenantA, fixture.TenantA), (fixture.TenantB, fixture.TenantB), (null, null) })
        {
            await using var db = TenantDatabase.CreateContext(onePooled, tenant);
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    backends.Add(await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync(ct));
                    var scans = await db.Scans.IgnoreQueryFilters().Select(s => s.TenantId).ToListAsync(ct);
                    if (expected is { } own)
                    {
                        Assert.Equal([own], scans.Distinct());
                    }
                    else
                    {
                        Assert.Empty(scans);
                    }
                },
                CancellationToken.None);
        }

        Assert.Single(backends);
    }

    [Fact]
    public async Task After_a_tenant_transaction_commits_an_untenanted_query_on_the_same_session_returns_no_rows_and_no_error()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.Provisioned.ApplicationConnectionString);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await SetTenantAsync(connection, transaction, fixture.TenantA);
            Assert.True(await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM scans") > 0);
            await transaction.CommitAsync();
        }

        // The setting now reads back as '' for this session (security-pitfalls item 1).
        Assert.Equal(string.Empty, await SchemaCatalog.ScalarAsync<string>(connection, "SELECT current_setting('app.tenant_id', true)"));
        Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM scans"));
    }

    [Fact]
    public async Task A_command_outside_a_transaction_is_refused()
    {
        await using var db = Database.CreateApplicationContext(fixture.TenantA);
        await Assert.ThrowsAsync<TenantIsolationException>(() => db.Scans.ToListAsync());
    }

    [Fact]
    public async Task Writing_a_row_of_another_tenant_is_refused_by_the_application_and_by_the_database()
    {
        await using var db = Database.CreateApplicationContext(fixture.TenantA);
        db.Users.Add(new UserRecord { TenantId = fixture.TenantB, ScanId = fixture.ScanB, ObjectId = Guid.NewGuid(), DisplayName = "intruder" });
        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());

        await using var connection = await TenantDatabase.OpenAsync(Database.Provisioned.ApplicationConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        await SetTenantAsync(connection, transaction, fixture.TenantA);
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection,
            $"INSERT INTO users (tenant_id, scan_id, object_id, display_name, account_enabled, on_premises_sync_enabled) VALUES ('{fixture.TenantB}', '{fixture.ScanB}', gen_random_uuid(), 'intruder', true, false)", transaction));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState); // new row violates row-level security policy
    }

    [Fact]
    public async Task A_row_cannot_reference_a_parent_of_another_tenant_even_for_a_superuser()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.SuperuserConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection,
            $"INSERT INTO users (tenant_id, scan_id, object_id, display_name, account_enabled, on_premises_sync_enabled) VALUES ('{fixture.TenantB}', '{fixture.ScanA}', gen_random_uuid(), 'cross', true, false)"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
    }

    [Fact]
    public async Task The_application_role_cannot_delete_a_tenant()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.Provisioned.ApplicationConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        await SetTenantAsync(connection, transaction, fixture.TenantA);
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection, $"DELETE FROM tenants WHERE id = '{fixture.TenantA}'", transaction));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task The_scheduler_sees_active_tenants_and_alert_settings_but_no_tenant_data()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.Provisioned.SchedulerConnectionString);
        Assert.Equal(2L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM tenants"));
        Assert.Equal(2L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(DISTINCT tenant_id) FROM alert_configurations"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM findings"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task The_purge_role_sees_no_active_tenant()
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.Provisioned.PurgeConnectionString);
        Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM tenants"));
        Assert.Equal(0, await SchemaCatalog.ExecuteAsync(connection, "DELETE FROM tenants"));
    }

    private static async Task AssertEveryEntitySetHoldsOnlyAsync(IdentityOpsDbContext db, Guid tenant)
    {
        await db.InTenantTransactionAsync(
            async ct =>
            {
                foreach (var entityType in TenantEntityTypes(db))
                {
                    var rows = await QueryAsync(db, entityType, ignoreFilters: false, ct);
                    Assert.True(rows.Count > 0, $"{entityType.Name}: tenant sees none of its own rows");
                    Assert.All(rows, row => Assert.Equal(tenant, TenantOf(row)));
                }
            },
            CancellationToken.None);
    }

    // The operators' chain is not tenant data: the application role holds no privilege on it at all.
    private static IEnumerable<Type> TenantEntityTypes(IdentityOpsDbContext db)
        => db.Model.GetEntityTypes().Select(e => e.ClrType).Where(t => t != typeof(Core.Audit.OperatorAuditEvent) && t != typeof(Core.Audit.Anchors.OperatorAuditAnchor));

    private static async Task<IReadOnlyList<object>> QueryAsync(IdentityOpsDbContext db, Type entity, bool ignoreFilters, CancellationToken ct)
    {
        var query = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(entity).Invoke(db, null)!;
        if (ignoreFilters)
        {
            query = query.IgnoreQueryFilters();
        }

        return await query.AsNoTracking().ToListAsync(ct);
    }

    private static Guid? TenantOf(object row) => row switch
    {
        Tenant t => t.Id,
        ITenantOwned owned => owned.TenantId,
        _ => null,
    };

    private static async Task SetTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenant)
        => await SchemaCatalog.ExecuteAsync(connection, $"SELECT set_config('app.tenant_id', '{tenant}', true)", transaction);

    private static async Task<Dictionary<Guid, long>> CountByTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        await using var command = new NpgsqlCommand($"SELECT tenant_id, count(*) FROM {table} GROUP BY tenant_id", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}

/// <summary>A migrated database holding tenants A and B with a row in every tenant table each.</summary>
public sealed class TwoTenantDatabase : IAsyncLifetime
{
    public TenantDatabase Database { get; } = new();
    public Guid TenantA { get; } = Guid.NewGuid();
    public Guid TenantB { get; } = Guid.NewGuid();
    public Guid ScanA { get; private set; }
    public Guid ScanB { get; private set; }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        ScanA = await TenantDataSeeder.SeedAsync(Database, TenantA, "contoso");
        ScanB = await TenantDataSeeder.SeedAsync(Database, TenantB, "fabrikam");
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

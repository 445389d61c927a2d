using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Tenancy;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityOps.Core.Tests.Persistence;

public sealed class ScanInventoryWriterTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rows_become_visible_only_when_the_scan_completes()
    {
        var (tenant, scan) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);

        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            await writer.WriteAsync(Users(tenant, scan, 3), CancellationToken.None);
            Assert.Equal(0, await CountUsersAsync(tenant)); // another connection sees nothing yet
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        Assert.Equal(3, await CountUsersAsync(tenant));
    }

    [Fact]
    public async Task A_scan_that_never_completes_leaves_nothing_behind()
    {
        var (tenant, scan) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);

        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            await writer.WriteAsync(Users(tenant, scan, 5), CancellationToken.None);
        }

        Assert.Equal(0, await CountUsersAsync(tenant));
    }

    [Fact]
    public async Task A_row_of_another_tenant_is_refused_before_it_is_copied()
    {
        var (tenant, scan) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        await using var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None);

        await Assert.ThrowsAsync<TenantIsolationException>(() => writer.WriteAsync(Users(Guid.NewGuid(), scan, 1), CancellationToken.None));
    }

    [Fact]
    public async Task An_object_written_twice_is_stored_once_instead_of_failing_the_scan()
    {
        var (tenant, scan) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        var user = Users(tenant, scan, 1)[0];

        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            await writer.WriteAsync([user, user], CancellationToken.None);
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        Assert.Equal(1, await CountUsersAsync(tenant));
    }

    [Fact]
    public async Task A_delta_baseline_copies_the_previous_scans_rows_under_the_new_scan()
    {
        var (tenant, first) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        var users = Users(tenant, first, 4);
        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, first, CancellationToken.None))
        {
            await writer.WriteAsync(users, CancellationToken.None);
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        // The scan command marks a scan finished in the writer's last transaction; a tenant has one active scan at a time.
        await using (var finish = database.CreateApplicationContext(tenant))
        {
            await finish.InTenantTransactionAsync(ct => finish.Scans.Where(s => s.Id == first).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ScanStatus.Succeeded), ct), CancellationToken.None);
        }

        var second = await NewScanAsync(tenant);
        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, second, CancellationToken.None))
        {
            await writer.CopyBaselineAsync(InventoryShare.All<UserRecord>(), first, CancellationToken.None);
            await writer.RemoveAsync<UserRecord>([users[0].ObjectId], CancellationToken.None);
            Assert.Equal(3, await writer.CountAsync<UserRecord>(CancellationToken.None));
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        await using var db = database.CreateApplicationContext(tenant);
        var secondScanUsers = await db.InTenantTransactionAsync(ct => db.Users.Where(u => u.ScanId == second).Select(u => u.ObjectId).ToListAsync(ct), CancellationToken.None);
        Assert.Equal(users.Skip(1).Select(u => u.ObjectId).Order(), secondScanUsers.Order());
    }

    [Fact]
    public async Task Rows_moved_on_mid_scan_stay_invisible_and_are_still_counted_removed_and_cleared()
    {
        var (tenant, scan) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        var users = Users(tenant, scan, 1_000);

        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            await writer.WriteAsync(users[..600], CancellationToken.None);
            await writer.PublishAsync([InventoryShare.All<UserRecord>()], CancellationToken.None); // moved on
            await writer.WriteAsync(users[600..], CancellationToken.None);                         // still waiting
            Assert.Equal(0, await CountUsersAsync(tenant));

            Assert.Equal(users.Length, await writer.CountAsync<UserRecord>(CancellationToken.None));
            await writer.RemoveAsync<UserRecord>([users[0].ObjectId, users[^1].ObjectId], CancellationToken.None);
            Assert.Equal(users.Length - 2, await writer.CountAsync<UserRecord>(CancellationToken.None));

            await writer.ClearAsync([InventoryShare.All<UserRecord>()], CancellationToken.None);
            Assert.Equal(0, await writer.CountAsync<UserRecord>(CancellationToken.None));
            await writer.WriteAsync(users[1..3], CancellationToken.None);
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        Assert.Equal(2, await CountUsersAsync(tenant));
    }

    [Fact]
    public async Task A_row_written_again_after_its_table_was_moved_on_keeps_the_moved_copy_instead_of_failing_the_scan()
    {
        var (tenant, scan) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        var users = Users(tenant, scan, 3);
        var again = new UserRecord { TenantId = tenant, ScanId = scan, ObjectId = users[0].ObjectId, DisplayName = "second copy", AccountEnabled = false };

        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            await writer.WriteAsync(users, CancellationToken.None);
            await writer.PublishAsync([InventoryShare.All<UserRecord>()], CancellationToken.None);
            await writer.WriteAsync([again], CancellationToken.None);
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        await using var db = database.CreateApplicationContext(tenant);
        var stored = await db.InTenantTransactionAsync(ct => db.Users.Where(u => u.ScanId == scan).ToListAsync(ct), CancellationToken.None);
        Assert.Equal(3, stored.Count);
        Assert.Equal("user 0", stored.Single(u => u.ObjectId == users[0].ObjectId).DisplayName);
    }

    [Fact]
    public async Task Shares_of_one_table_move_on_separately_and_a_clear_touches_only_its_own_share()
    {
        var (tenant, scan) = await NewScanAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        CredentialRecord Credential(CredentialOwnerKind kind) => new()
        {
            TenantId = tenant, ScanId = scan, OwnerObjectId = Guid.NewGuid(), CredentialId = Guid.NewGuid(), OwnerKind = kind, Kind = CredentialKind.Password,
        };

        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            await writer.WriteAsync([Credential(CredentialOwnerKind.Application), Credential(CredentialOwnerKind.ServicePrincipal)], CancellationToken.None);
            await writer.PublishAsync([InventoryShare.Credentials(CredentialOwnerKind.Application)], CancellationToken.None);
            await writer.WriteAsync([Credential(CredentialOwnerKind.Application)], CancellationToken.None);
            await writer.ClearAsync([InventoryShare.Credentials(CredentialOwnerKind.ServicePrincipal)], CancellationToken.None);
            await writer.WriteAsync([Credential(CredentialOwnerKind.ServicePrincipal)], CancellationToken.None);
            await writer.PublishAsync([InventoryShare.Credentials(CredentialOwnerKind.ServicePrincipal)], CancellationToken.None);
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        await using var db = database.CreateApplicationContext(tenant);
        var kinds = await db.InTenantTransactionAsync(ct => db.Credentials.Where(c => c.ScanId == scan).Select(c => c.OwnerKind).ToListAsync(ct), CancellationToken.None);
        Assert.Equal([CredentialOwnerKind.Application, CredentialOwnerKind.Application, CredentialOwnerKind.ServicePrincipal], kinds.Order());
    }

    [Fact]
    public async Task Every_inventory_tables_key_columns_are_its_primary_key_in_index_order()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        foreach (var table in InventoryTables.All)
        {
            var key = await SchemaCatalog.ListAsync<string>(connection, """
                SELECT a.attname FROM pg_constraint k
                CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS c(attnum, position)
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.attnum
                WHERE k.conrelid = @t::regclass AND k.contype = 'p'
                ORDER BY c.position
                """, ("t", table.Name));
            Assert.Equal(key, table.KeyColumns);
        }
    }

    private async Task<(Guid Tenant, Guid Scan)> NewScanAsync()
    {
        var tenant = Guid.NewGuid();
        await using var db = database.CreateApplicationContext(tenant);
        db.Tenants.Add(new Tenant { Id = tenant, DisplayName = "Contoso", CreatedAt = Now });
        await db.SaveChangesAsync();
        return (tenant, await NewScanAsync(tenant));
    }

    private async Task<Guid> NewScanAsync(Guid tenant)
    {
        var scan = Guid.NewGuid();
        await using var db = database.CreateApplicationContext(tenant);
        db.Scans.Add(new Scan { TenantId = tenant, Id = scan, RequestedBy = Guid.NewGuid(), RequestedAt = Now, Status = ScanStatus.Running });
        await db.SaveChangesAsync();
        return scan;
    }

    private async Task<int> CountUsersAsync(Guid tenant)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await db.InTenantTransactionAsync(ct => db.Users.CountAsync(ct), CancellationToken.None);
    }

    private static UserRecord[] Users(Guid tenant, Guid scan, int count)
        => Enumerable.Range(0, count).Select(i => new UserRecord
        {
            TenantId = tenant,
            ScanId = scan,
            ObjectId = Guid.NewGuid(),
            DisplayName = $"user {i}",
            AccountEnabled = true,
            CreatedAt = Now.AddDays(-i),
        }).ToArray();
}

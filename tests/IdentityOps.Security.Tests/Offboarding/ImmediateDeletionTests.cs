using IdentityOps.Core.Audit;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Lifecycle.DeleteTenantNow;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.Offboarding;

/// <summary>
/// "Delete everything now": two steps, a single-use confirmation valid for 90 seconds that marks the tenant
/// due (the application role deletes nothing), then the purge job's next run, as the purge role.
/// </summary>
[Trait("Claim", TrustClaimIds.Offboarding)]
public sealed class ImmediateDeletionTests : IAsyncLifetime
{
    private readonly TenantDatabase database = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid leaving = Guid.NewGuid();
    private readonly Guid staying = Guid.NewGuid();
    private readonly string keyFile = AnchorKeys.NewKeyFile();
    private Guid admin;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await TenantDataSeeder.SeedAsync(database, leaving, "leaving");
        await TenantDataSeeder.SeedAsync(database, staying, "staying");
        await using var db = database.CreateApplicationContext(leaving);
        admin = await db.InTenantTransactionAsync(ct => db.TeamMembers.Where(m => m.Role == TeamRole.Admin).Select(m => m.UserObjectId).SingleAsync(ct), CancellationToken.None);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Confirming_with_the_issued_token_marks_the_tenant_due_and_the_next_purge_deletes_every_row_of_it_and_nothing_of_another()
    {
        var othersBefore = await RowsAsync(staying);
        var before = await RowsAsync(leaving);
        var challenge = await RequestAsync();

        var result = await ConfirmAsync(challenge.Token, admin);

        Assert.Equal(TenantDeletionOutcome.Confirmed, result.Outcome);
        Assert.True(await RowsAsync(leaving) > before, "confirming deleted rows itself: only the purge role may"); // it added the two audit events

        var receipt = Assert.Single(await PurgeAsync());
        Assert.Equal(leaving, receipt.TenantId);
        Assert.True(receipt.Verifies());
        Assert.Equal(0, await RowsAsync(leaving));
        Assert.Equal(othersBefore, await RowsAsync(staying));
    }

    [Fact]
    public async Task A_used_token_is_refused_the_second_time()
    {
        var challenge = await RequestAsync();
        await ConfirmAsync(challenge.Token, admin);

        Assert.Equal(TenantDeletionOutcome.Refused, (await ConfirmAsync(challenge.Token, admin)).Outcome);
    }

    [Fact]
    public async Task A_token_older_than_90_seconds_deletes_nothing()
    {
        var challenge = await RequestAsync();
        var before = await RowsAsync(leaving);
        clock.Advance(TimeSpan.FromSeconds(91));

        Assert.Equal(TenantDeletionOutcome.Refused, (await ConfirmAsync(challenge.Token, admin)).Outcome);
        Assert.Empty(await PurgeAsync());
        Assert.Equal(before, await RowsAsync(leaving));
    }

    [Fact]
    public async Task Another_users_confirmation_or_an_unknown_token_deletes_nothing()
    {
        var challenge = await RequestAsync();
        var before = await RowsAsync(leaving);

        Assert.Equal(TenantDeletionOutcome.Refused, (await ConfirmAsync(challenge.Token, Guid.NewGuid())).Outcome);
        Assert.Equal(TenantDeletionOutcome.Refused, (await ConfirmAsync("not-the-token", admin)).Outcome);
        Assert.Empty(await PurgeAsync());
        Assert.Equal(before, await RowsAsync(leaving));

        // The real token still works afterwards: refusals spent nothing.
        Assert.Equal(TenantDeletionOutcome.Confirmed, (await ConfirmAsync(challenge.Token, admin)).Outcome);
    }

    private async Task<TenantDeletionChallenge> RequestAsync()
    {
        await using var db = database.CreateApplicationContext(leaving);
        return await new RequestTenantDeletionCommand(db, new TenantAuditTrail(db, clock), clock)
            .RequestAsync(new RequestTenantDeletionRequest(leaving, admin), CancellationToken.None);
    }

    private async Task<TenantDeletionResult> ConfirmAsync(string token, Guid user)
    {
        await using var db = database.CreateApplicationContext(leaving);
        return await new ConfirmTenantDeletionCommand(db, new TenantAuditTrail(db, clock), clock)
            .ConfirmAsync(new ConfirmTenantDeletionRequest(leaving, user, token), CancellationToken.None);
    }

    /// <summary>The purge job's next run, as the purge role, a moment after the confirmation.</summary>
    private async Task<IReadOnlyList<DeletionReceipt>> PurgeAsync()
    {
        await using var dataSource = new PurgeDataSource(NpgsqlDataSource.Create(database.Provisioned.PurgeConnectionString));
        return await new PurgeDueTenantsCommand(dataSource, AnchorKeys.Source(keyFile), [], clock, NullLogger<PurgeDueTenantsCommand>.Instance)
            .RunAsync(CancellationToken.None);
    }

    /// <summary>Every row the tenant has in the live schema, tenants row included, counted by a superuser.</summary>
    private async Task<long> RowsAsync(Guid tenant)
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var rows = await SchemaCatalog.ScalarAsync<long>(connection, "SELECT count(*) FROM tenants WHERE id = @t", ("t", tenant));
        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            if (table != "tenant_deletion_confirmations")
            {
                rows += await SchemaCatalog.ScalarAsync<long>(connection, $"SELECT count(*) FROM {table} WHERE tenant_id = @t", ("t", tenant));
            }
        }

        return rows;
    }
}

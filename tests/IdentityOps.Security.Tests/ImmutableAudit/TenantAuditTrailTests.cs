using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.ImmutableAudit;

[Trait("Claim", TrustClaimIds.ImmutableAudit)]
public sealed class TenantAuditTrailTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567));
    private readonly AuditHeadKeySource anchorKeys = AnchorKeys.Source(AnchorKeys.NewKeyFile());

    [Fact]
    public async Task Appended_events_form_a_chain_that_verifies_through_the_last_event()
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 3);

        var report = await VerifyAsync(tenant);

        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(3, report.VerifiedThrough);
    }

    [Fact]
    public async Task Concurrent_appends_keep_the_chain_contiguous()
    {
        var tenant = await NewTenantAsync();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AppendAsync(tenant, 2)));

        var report = await VerifyAsync(tenant);

        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(16, report.VerifiedThrough);
    }

    [Theory]
    [InlineData("UPDATE audit_events SET outcome = 'denied' WHERE sequence = 1")]
    [InlineData("DELETE FROM audit_events WHERE sequence = 1")]
    [InlineData("TRUNCATE audit_events")]
    public async Task The_application_role_cannot_change_or_remove_audit_events(string sql)
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 1);

        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.ApplicationConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        await SchemaCatalog.ExecuteAsync(connection, $"SELECT set_config('app.tenant_id', '{tenant}', true)", transaction);
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection, sql, transaction));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Theory]
    [InlineData("UPDATE audit_events SET outcome = 'denied' WHERE tenant_id = '{0}' AND sequence = 1")]
    [InlineData("DELETE FROM audit_events WHERE tenant_id = '{0}' AND sequence = 1")]
    [InlineData("TRUNCATE audit_events")]
    public async Task Even_a_superuser_is_stopped_by_the_append_only_trigger(string sql)
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 1);

        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, tenant)));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_altered_by_a_superuser_with_triggers_off_is_reported_at_its_exact_position()
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 5);

        await TamperAsync($"UPDATE audit_events SET actor = 'user:someone-else' WHERE tenant_id = '{tenant}' AND sequence = 3");
        var report = await VerifyAsync(tenant);

        Assert.False(report.IsIntact);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Equal(2, report.VerifiedThrough);
        Assert.Contains("altered", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_middle_row_is_reported_as_missing()
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 5);

        await TamperAsync($"DELETE FROM audit_events WHERE tenant_id = '{tenant}' AND sequence = 2");
        var report = await VerifyAsync(tenant);

        Assert.Equal(2, report.FirstBrokenSequence);
        Assert.Contains("missing", report.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE audit_events SET target = 'scan:nothing-happened' WHERE tenant_id = '{0}' AND sequence = 3", "altered")]
    [InlineData("DELETE FROM audit_events WHERE tenant_id = '{0}' AND sequence = 3", "missing")]
    [InlineData("DELETE FROM audit_events WHERE tenant_id = '{0}' AND sequence >= 4", "deleted")]
    public async Task A_tampered_row_a_deleted_middle_row_and_a_deleted_tail_are_each_detected_against_the_anchored_head(string sql, string problem)
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 5);
        Assert.NotNull(await AnchorAsync(tenant));
        Assert.True((await VerifyAnchoredAsync(tenant)).IsIntact);

        await TamperAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, tenant), expectedRows: -1);
        var report = await VerifyAnchoredAsync(tenant);

        Assert.False(report.IsIntact);
        Assert.Contains(problem, report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_tail_passes_the_bare_chain_walk_and_only_the_anchor_catches_it()
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 4);
        await AnchorAsync(tenant);

        await TamperAsync($"DELETE FROM audit_events WHERE tenant_id = '{tenant}' AND sequence = 4");

        Assert.True((await VerifyAsync(tenant)).IsIntact); // why the head must be anchored outside the table
        var anchored = await VerifyAnchoredAsync(tenant);
        Assert.False(anchored.IsIntact);
        Assert.Contains("ends at event 3 but its head was anchored at event 4", anchored.AnchorProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anchor_not_signed_with_the_key_is_reported_and_a_shorter_forged_head_cannot_hide_a_deleted_tail()
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 3);
        await AnchorAsync(tenant);
        await TamperAsync($"DELETE FROM audit_events WHERE tenant_id = '{tenant}' AND sequence = 3");

        // Someone with the application role's access, but not the key, anchors the shortened chain.
        await using (var db = database.CreateApplicationContext(tenant))
        {
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    var head = await db.AuditEvents.OrderByDescending(e => e.Sequence).FirstAsync(ct);
                    db.AuditAnchors.Add(new AuditAnchor { TenantId = tenant, Sequence = head.Sequence, HeadHash = head.Hash, AnchoredAt = clock.GetUtcNow(), SignedBy = "forged", Signature = new byte[32] });
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
        }

        var report = await VerifyAnchoredAsync(tenant);
        Assert.False(report.IsIntact);
        Assert.Contains("valid signature", report.AnchorProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE audit_anchors SET sequence = 1")]
    [InlineData("DELETE FROM audit_anchors")]
    [InlineData("TRUNCATE audit_anchors")]
    public async Task The_application_role_cannot_change_or_remove_anchors(string sql)
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 2);
        await AnchorAsync(tenant);

        await using var db = database.CreateApplicationContext(tenant);
        await Assert.ThrowsAsync<PostgresException>(() => db.InTenantTransactionAsync(ct => db.Database.ExecuteSqlRawAsync(sql, ct), CancellationToken.None));
    }

    [Fact]
    public async Task Anchoring_an_unchanged_head_writes_nothing_new()
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 2);
        Assert.Equal(2, (await AnchorAsync(tenant))?.Sequence);
        Assert.Null(await AnchorAsync(tenant));
        await AppendAsync(tenant, 1);
        Assert.Equal(3, (await AnchorAsync(tenant))?.Sequence);
    }

    [Fact]
    public async Task A_purged_tenant_takes_its_own_audit_events_with_it_by_cascade()
    {
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 2);
        await using (var db = database.CreateApplicationContext(tenant))
        {
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    var row = await db.Tenants.SingleAsync(ct);
                    row.Status = TenantStatus.Offboarding;
                    row.PurgeAfter = clock.GetUtcNow();
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
        }

        await using var purge = await TenantDatabase.OpenAsync(database.Provisioned.PurgeConnectionString);
        Assert.Equal(1, await SchemaCatalog.ExecuteAsync(purge, $"DELETE FROM tenants WHERE id = '{tenant}'"));

        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        Assert.Equal(0L, await SchemaCatalog.ScalarAsync<long>(superuser, $"SELECT count(*) FROM audit_events WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task Appending_without_a_tenant_is_refused()
    {
        await using var db = database.CreateApplicationContext(tenantId: null);
        var trail = new TenantAuditTrail(db, clock);
        await Assert.ThrowsAsync<TenantIsolationException>(() => trail.AppendAsync(Entry("x"), CancellationToken.None));
    }

    private async Task<Guid> NewTenantAsync()
    {
        var tenant = Guid.NewGuid();
        await using var db = database.CreateApplicationContext(tenant);
        db.Tenants.Add(new Tenant { Id = tenant, DisplayName = "Contoso", CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return tenant;
    }

    private async Task AppendAsync(Guid tenant, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var db = database.CreateApplicationContext(tenant);
            await new TenantAuditTrail(db, clock).AppendAsync(Entry($"scan.requested #{i}"), CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1.2345678));
        }
    }

    private async Task<AuditChainReport> VerifyAsync(Guid tenant)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await new TenantAuditTrail(db, clock).VerifyAsync(CancellationToken.None);
    }

    private async Task TamperAsync(string sql, int expectedRows = 1)
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        await SchemaCatalog.ExecuteAsync(connection, "SET session_replication_role = replica"); // switches user triggers off
        var rows = await SchemaCatalog.ExecuteAsync(connection, sql);
        Assert.True(expectedRows < 0 ? rows > 0 : rows == expectedRows, $"{rows} rows changed");
    }

    private async Task<AuditAnchor?> AnchorAsync(Guid tenant)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await new AnchorTenantAuditHeadCommand(db, anchorKeys, [], clock).AnchorAsync(CancellationToken.None);
    }

    private async Task<AnchoredChainReport> VerifyAnchoredAsync(Guid tenant)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await new AnchorTenantAuditHeadCommand(db, anchorKeys, [], clock).VerifyAsync(CancellationToken.None);
    }

    private static AuditEntry Entry(string action) => new("user:7d0c1a9e-0000-4000-8000-000000000001", action, "scan:42", "succeeded", "test");
}

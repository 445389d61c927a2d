using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Audit;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IdentityOps.Security.Tests.ImmutableAudit;

/// <summary>The operators' chain (purges, receipts) anchored by the purge role, and the live check that reads it.</summary>
[Trait("Claim", TrustClaimIds.ImmutableAudit)]
public sealed class OperatorChainAnchorTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly string keyFile = AnchorKeys.NewKeyFile();

    [Fact]
    public async Task A_deleted_tail_of_the_operators_chain_is_detected_by_the_purge_role_and_fails_the_live_check()
    {
        await using var purge = await TenantDatabase.OpenAsync(database.Provisioned.PurgeConnectionString);
        for (var i = 0; i < 3; i++)
        {
            await using var transaction = await purge.BeginTransactionAsync();
            await OperatorAuditTrail.AppendAsync(purge, transaction, new AuditEntry("system:purge", "tenant.purged", $"tenant:{Guid.NewGuid():D}", "succeeded", "purge"), Now.AddMinutes(i), CancellationToken.None);
            await transaction.CommitAsync();
        }

        var signer = AnchorKeys.Source(keyFile).Signer!;
        Assert.Equal(3, (await OperatorAuditAnchors.AnchorAsync(purge, signer, [], Now, CancellationToken.None))?.Sequence);
        Assert.Null(await OperatorAuditAnchors.AnchorAsync(purge, signer, [], Now, CancellationToken.None));
        var met = await CheckAsync();
        Assert.Equal(TrustStatus.Met, met.Status);
        Assert.Contains("operator chain verified through event 3, head anchored at 3", met.Evidence, StringComparison.Ordinal);

        await using (var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString))
        {
            await SchemaCatalog.ExecuteAsync(superuser, "SET session_replication_role = replica");
            Assert.Equal(1, await SchemaCatalog.ExecuteAsync(superuser, "DELETE FROM operator_audit_events WHERE sequence = 3"));
        }

        Assert.True((await OperatorAuditTrail.VerifyAsync(purge, CancellationToken.None)).IsIntact);
        var anchored = await OperatorAuditAnchors.VerifyAsync(purge, signer.PublicKey, [], CancellationToken.None);
        Assert.False(anchored.IsIntact);
        var failing = await CheckAsync();
        Assert.Equal(TrustStatus.Failing, failing.Status);
        Assert.Contains("ends at event 2 but its head was anchored at event 3", failing.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_check_fails_when_an_append_only_trigger_is_switched_off()
    {
        await using (var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString))
        {
            await SchemaCatalog.ExecuteAsync(superuser, "ALTER TABLE operator_audit_anchors DISABLE TRIGGER operator_audit_anchors_append_only");
        }

        try
        {
            var result = await CheckAsync();
            Assert.Equal(TrustStatus.Failing, result.Status);
            Assert.Contains("append-only triggers active on 3 of 4", result.Evidence, StringComparison.Ordinal);
        }
        finally
        {
            await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
            await SchemaCatalog.ExecuteAsync(superuser, "ALTER TABLE operator_audit_anchors ENABLE TRIGGER operator_audit_anchors_append_only");
        }
    }

    [Fact]
    public async Task Without_an_anchor_key_the_claim_is_shown_as_not_met()
    {
        var result = await CheckAsync(new AuditHeadKeySource(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
        Assert.Equal(TrustStatus.NotMet, result.Status);
        Assert.Contains("no audit head key configured", result.Evidence, StringComparison.Ordinal);
    }

    private async Task<TrustCheckResult> CheckAsync(AuditHeadKeySource? keys = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(new PurgeDataSource(NpgsqlDataSource.Create(database.Provisioned.PurgeConnectionString)))
            .BuildServiceProvider();
        await using var db = database.CreateApplicationContext(tenantId: null);
        var check = new ImmutableAuditCheck(new DatabaseCatalog(NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString)), keys ?? AnchorKeys.Source(keyFile), [], db, services);
        return await check.EvaluateAsync(CancellationToken.None);
    }
}

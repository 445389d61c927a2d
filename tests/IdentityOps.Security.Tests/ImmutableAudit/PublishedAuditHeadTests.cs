using System.IO.Compression;
using Azure.Storage.Blobs;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Audit.Export;
using IdentityOps.Core.Audit.PublishedHeads;
using IdentityOps.Core.Lifecycle.ExportTenantData;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using IdentityOps.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Security.Tests.ImmutableAudit;

/// <summary>Azurite's blob service for one test class: the append-only store heads are published to.</summary>
public sealed class HeadStoreFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartBlobAsync();

    public Task DisposeAsync() => Azurite.DisposeAsync().AsTask();

    /// <summary>A container of the test's own, so tests do not see each other's heads.</summary>
    public BlobAuditHeadStore NewStore() => new(new BlobContainerClient(Azurite.ConnectionString, $"heads-{Guid.NewGuid():N}"));
}

/// <summary>
/// Issue 18, item 3: heads signed with a key the app can only sign with (ECDSA P-256, verified with
/// the public key alone), published write-once outside PostgreSQL (Azurite) and in the tenant's export,
/// so that one who can rewrite the database — the chain's tail and its anchor rows both — is still
/// caught by a verifier holding a head published earlier.
/// </summary>
[Trait("Claim", TrustClaimIds.ImmutableAudit)]
public sealed class PublishedAuditHeadTests(TenantDatabase database, HeadStoreFixture storage) : IClassFixture<TenantDatabase>, IClassFixture<HeadStoreFixture>
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly EcdsaAuditHeadSigner signer = EcdsaAuditHeadSigner.Generate();

    [Fact]
    public async Task A_head_verifies_with_the_published_public_key_alone_and_round_trips_as_a_jws()
    {
        var head = await SignedAuditHead.SignAsync(signer, "tenant:00000000-0000-0000-0000-00000000000a", 7, new byte[32], clock.GetUtcNow(), CancellationToken.None);

        // Only the PEM text crosses over, as it does from the trust page to a customer.
        var published = AuditHeadPublicKey.FromPem(signer.PublicKey.Pem);
        var parsed = SignedAuditHead.ParseJws(head.ToJws());

        Assert.True(published.Verifies(parsed));
        Assert.Equal(signer.PublicKey.KeyId, parsed.KeyId);
        Assert.Contains("BEGIN PUBLIC KEY", published.Pem, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", published.Pem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_forged_with_another_key_does_not_verify_even_when_it_names_the_real_key()
    {
        using var forger = EcdsaAuditHeadSigner.Generate();
        var genuine = await SignedAuditHead.SignAsync(signer, "operator", 3, new byte[32], clock.GetUtcNow(), CancellationToken.None);
        var forgedOwnKid = await SignedAuditHead.SignAsync(forger, "operator", 3, new byte[32], clock.GetUtcNow(), CancellationToken.None);
        var forgedRealKid = forgedOwnKid with
        {
            KeyId = signer.PublicKey.KeyId,
            Signature = await forger.SignAsync((forgedOwnKid with { KeyId = signer.PublicKey.KeyId }).SigningInput(), CancellationToken.None),
        };
        var tampered = genuine with { Sequence = 2 };

        Assert.True(signer.PublicKey.Verifies(genuine));
        Assert.False(signer.PublicKey.Verifies(forgedOwnKid));
        Assert.False(signer.PublicKey.Verifies(forgedRealKid));
        Assert.False(signer.PublicKey.Verifies(tampered));

        var report = AnchoredChainVerifier.Verify("operator", [], [], signer.PublicKey, [forgedRealKid]);
        Assert.False(report.IsIntact);
        Assert.Contains("does not carry a valid signature", report.AnchorProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_head_store_refuses_to_overwrite_a_published_head()
    {
        var store = storage.NewStore();
        var head = await SignedAuditHead.SignAsync(signer, "operator", 5, new byte[32], clock.GetUtcNow(), CancellationToken.None);
        await store.PublishAsync(head, CancellationToken.None);

        using var forger = EcdsaAuditHeadSigner.Generate();
        var sameName = head with { Signature = await forger.SignAsync(head.SigningInput(), CancellationToken.None) };
        await Assert.ThrowsAsync<AuditHeadAlreadyPublishedException>(() => store.PublishAsync(sameName, CancellationToken.None));
        await Assert.ThrowsAsync<AuditHeadAlreadyPublishedException>(() => store.PublishAsync(head, CancellationToken.None));

        var latest = await store.LatestAsync("operator", CancellationToken.None);
        Assert.Equal(head.ToJws(), latest?.ToJws());
    }

    [Fact]
    public async Task A_deleted_tail_with_its_anchors_deleted_too_is_caught_by_the_published_head_and_by_an_earlier_export()
    {
        var store = storage.NewStore();
        var tenant = await NewTenantAsync();
        await AppendAsync(tenant, 3);
        Assert.Equal(3, (await AnchorAsync(tenant, store))?.Sequence);
        var earlierExport = await ExportAsync(tenant, store); // event 4: the export itself
        await AppendAsync(tenant, 2);
        Assert.Equal(6, (await AnchorAsync(tenant, store))?.Sequence);
        var earlierHeads = AuditExportBundle.Read(new ZipArchive(new MemoryStream(earlierExport))).Heads;
        Assert.True(ExportAuditVerifier.Verify(new MemoryStream(earlierExport), signer.PublicKey, []).IsIntact);
        Assert.Contains(earlierHeads, h => h.Sequence == 4); // the export signed a head covering itself

        // One who can rewrite the database cuts the tail and every anchor row that would show it.
        await using (var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString))
        {
            await SchemaCatalog.ExecuteAsync(superuser, "SET session_replication_role = replica");
            Assert.Equal(3, await SchemaCatalog.ExecuteAsync(superuser, $"DELETE FROM audit_events WHERE tenant_id = '{tenant}' AND sequence >= 4"));
            Assert.Equal(3, await SchemaCatalog.ExecuteAsync(superuser, $"DELETE FROM audit_anchors WHERE tenant_id = '{tenant}'"));
        }

        // The database alone no longer shows it: the chain walks clean and no anchor is left.
        Assert.True((await VerifyAsync(tenant, stores: [])).IsIntact);

        // The head published outside PostgreSQL does.
        var live = await VerifyAsync(tenant, stores: [store]);
        Assert.False(live.IsIntact);
        Assert.Contains("ends at event 3 but its head was anchored at event 6", live.AnchorProblem, StringComparison.Ordinal);

        // So does a customer holding an earlier export, offline, with the public key only: the new
        // export's chain (events 1-3 and its own export event, a new 4) disagrees with the kept head.
        var laterExport = await ExportAsync(tenant, store: null);
        var publicKey = AuditHeadPublicKey.FromPem(signer.PublicKey.Pem);
        Assert.True(ExportAuditVerifier.Verify(new MemoryStream(laterExport), publicKey, []).IsIntact); // why a head must be kept
        var offline = ExportAuditVerifier.Verify(new MemoryStream(laterExport), publicKey, earlierHeads);
        Assert.False(offline.IsIntact);
        Assert.Contains("no longer has the hash its anchored head recorded", offline.AnchorProblem, StringComparison.Ordinal);
        var published = await store.LatestAsync(AuditHashing.TenantChain(tenant), CancellationToken.None);
        var withPublished = ExportAuditVerifier.Verify(new MemoryStream(laterExport), publicKey, [published!]);
        Assert.Contains("ends at event 4 but its head was anchored at event 6", withPublished.AnchorProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trust_page_query_shows_the_operators_latest_published_head_verified_with_the_public_key()
    {
        var store = storage.NewStore();
        await store.PublishAsync(await SignedAuditHead.SignAsync(signer, AuditHashing.OperatorChain, 1, new byte[32], clock.GetUtcNow(), CancellationToken.None), CancellationToken.None);
        var latest = await SignedAuditHead.SignAsync(signer, AuditHashing.OperatorChain, 2, new byte[32], clock.GetUtcNow(), CancellationToken.None);
        await store.PublishAsync(latest, CancellationToken.None);

        var shown = await new GetPublishedAuditHeadQuery(AuditHeadKeySource.For(signer), [store], clock).GetOperatorHeadAsync(CancellationToken.None);

        Assert.Equal(latest.ToJws(), shown.Head?.ToJws());
        Assert.True(shown.HeadVerifies);
        Assert.Equal(signer.PublicKey.Pem, shown.PublicKey?.Pem);
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
            await new TenantAuditTrail(db, clock).AppendAsync(new AuditEntry("user:7d0c1a9e-0000-4000-8000-000000000001", $"scan.requested #{i}", "scan:42", "succeeded", "test"), CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<AuditAnchor?> AnchorAsync(Guid tenant, IAuditHeadStore store)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await new AnchorTenantAuditHeadCommand(db, AuditHeadKeySource.For(signer), [store], clock).AnchorAsync(CancellationToken.None);
    }

    private async Task<AnchoredChainReport> VerifyAsync(Guid tenant, IAuditHeadStore[] stores)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await new AnchorTenantAuditHeadCommand(db, AuditHeadKeySource.For(signer), stores, clock).VerifyAsync(CancellationToken.None);
    }

    private async Task<byte[]> ExportAsync(Guid tenant, IAuditHeadStore? store)
    {
        await using var db = database.CreateApplicationContext(tenant);
        using var archive = new MemoryStream();
        IAuditHeadStore[] stores = store is null ? [] : [store];
        await new ExportTenantDataQuery(db, new TenantAuditTrail(db, clock), new AnchorTenantAuditHeadCommand(db, AuditHeadKeySource.For(signer), stores, clock), AuditHeadKeySource.For(signer), stores, clock)
            .WriteAsync(new ExportTenantDataRequest(tenant, Guid.NewGuid()), archive, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        return archive.ToArray();
    }
}

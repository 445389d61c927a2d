using System.IO.Compression;
using System.Text.Json;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Lifecycle.ExportTenantData;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Security.Tests.ImmutableAudit;

/// <summary>Issue 18, item 15 (export half): taking the tenant's data out is on the tenant's trail, once per export.</summary>
[Trait("Claim", TrustClaimIds.ImmutableAudit)]
public sealed class ExportIsAuditedTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_export_adds_exactly_one_audit_event_naming_who_exported_which_export_and_when()
    {
        var tenant = Guid.NewGuid();
        var admin = Guid.NewGuid();
        await using (var db = database.CreateApplicationContext(tenant))
        {
            db.Tenants.Add(new Tenant { Id = tenant, DisplayName = "Contoso", CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var before = await TrailAsync(tenant);
        using var archive = new MemoryStream();
        await using (var db = database.CreateApplicationContext(tenant))
        {
            var keys = AnchorKeys.Source(AnchorKeys.NewKeyFile());
            await new ExportTenantDataQuery(db, new TenantAuditTrail(db, clock), new AnchorTenantAuditHeadCommand(db, keys, [], clock), keys, [], clock)
                .WriteAsync(new ExportTenantDataRequest(tenant, admin), archive, CancellationToken.None);
        }

        var after = await TrailAsync(tenant);
        var added = Assert.Single(after.Skip(before.Count));
        Assert.Equal("tenant.exported", added.Action);
        Assert.Equal($"user:{admin:D}", added.Actor);
        Assert.Equal(AuditHashing.ToStoredPrecision(clock.GetUtcNow()), added.OccurredAt);

        archive.Position = 0;
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read);
        await using var manifestStream = zip.GetEntry("manifest.json")!.Open();
        using var manifest = await JsonDocument.ParseAsync(manifestStream);
        Assert.StartsWith($"export:{manifest.RootElement.GetProperty("exportId").GetGuid():D}", added.Target, StringComparison.Ordinal);
    }

    private async Task<List<AuditEvent>> TrailAsync(Guid tenant)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await db.InTenantTransactionAsync(ct => db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(ct), CancellationToken.None);
    }
}

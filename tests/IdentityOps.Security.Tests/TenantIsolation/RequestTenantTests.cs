using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Lifecycle.ExportTenantData;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>
/// A request names its tenant, and the tenant unit of work holds it against the tenant context, once, for
/// every use case: a request for another tenant is refused before any of its work runs.
/// </summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class RequestTenantTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_unit_of_work_for_a_request_naming_another_tenant_refuses_before_its_work_runs()
    {
        var (tenantA, tenantB) = (await NewTenantAsync(), await NewTenantAsync());
        var ran = false;

        await using (var db = database.CreateApplicationContext(tenantA))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.InTenantTransactionAsync(tenantB, _ => Task.FromResult(ran = true), CancellationToken.None));
            Assert.True(await db.InTenantTransactionAsync(tenantA, _ => Task.FromResult(true), CancellationToken.None));
        }

        await using (var untenanted = database.CreateApplicationContext(null))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => untenanted.InTenantTransactionAsync(tenantA, _ => Task.FromResult(ran = true), CancellationToken.None));
        }

        Assert.False(ran);
    }

    [Fact]
    public async Task An_export_asked_for_another_tenant_is_refused_and_writes_nothing()
    {
        var (tenantA, tenantB) = (await NewTenantAsync(), await NewTenantAsync());
        await using var db = database.CreateApplicationContext(tenantA);
        using var archive = new MemoryStream();
        var clock = new FakeTimeProvider(Now);
        var keys = AnchorKeys.Source(AnchorKeys.NewKeyFile());
        var export = new ExportTenantDataQuery(db, new TenantAuditTrail(db, clock), new AnchorTenantAuditHeadCommand(db, keys, [], clock), keys, [], clock);

        await Assert.ThrowsAsync<TenantIsolationException>(
            () => export.WriteAsync(new ExportTenantDataRequest(tenantB, Guid.NewGuid()), archive, CancellationToken.None));

        Assert.Equal(0, archive.Length);
    }

    private async Task<Guid> NewTenantAsync()
    {
        var tenant = Guid.NewGuid();
        await using var db = database.CreateApplicationContext(tenant);
        db.Tenants.Add(new Tenant { Id = tenant, DisplayName = "Contoso", CreatedAt = Now });
        await db.SaveChangesAsync();
        return tenant;
    }
}

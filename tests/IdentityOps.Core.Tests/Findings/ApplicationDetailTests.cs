using IdentityOps.Core.Findings.GetApplicationDetail;
using IdentityOps.Core.Persistence;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Findings;

public sealed class ApplicationDetailTests : IAsyncLifetime
{
    private readonly TenantDatabase database = new();
    private readonly Guid tenant = Guid.NewGuid();
    private readonly Guid other = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await TenantDataSeeder.SeedAsync(database, tenant, "mine");
        await TenantDataSeeder.SeedAsync(database, other, "theirs");
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task An_app_registration_comes_with_its_enterprise_app_credentials_owners_and_findings()
    {
        var objectId = await AppObjectIdAsync(tenant);

        var detail = await GetAsync(tenant, objectId);

        Assert.NotNull(detail);
        Assert.Equal("mine app", detail.DisplayName);
        Assert.Equal("mine sp", detail.ServicePrincipal?.DisplayName);
        Assert.Single(detail.Credentials);
        Assert.Single(detail.Owners);
        Assert.Single(detail.Findings);
    }

    [Fact]
    public async Task Another_tenants_application_looks_like_an_unknown_one()
    {
        Assert.Null(await GetAsync(tenant, await AppObjectIdAsync(other)));
        Assert.Null(await GetAsync(tenant, Guid.NewGuid()));
    }

    private async Task<ApplicationDetail?> GetAsync(Guid asTenant, Guid objectId)
    {
        await using var db = database.CreateApplicationContext(asTenant);
        return await new GetApplicationDetailQuery(db).GetAsync(new GetApplicationDetailRequest(asTenant, objectId), CancellationToken.None);
    }

    private async Task<Guid> AppObjectIdAsync(Guid owner)
    {
        await using var db = database.CreateApplicationContext(owner);
        return await db.InTenantTransactionAsync(ct => db.Applications.Select(a => a.ObjectId).SingleAsync(ct), CancellationToken.None);
    }
}

using System.Net;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using IdentityOps.Web.Testing;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>Signed in to one tenant, another tenant's existing ids get exactly the answer unknown ids get.</summary>
public sealed class ForeignIdTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Fact]
    [Trait("Claim", TrustClaimIds.TenantIsolation)]
    public async Task Another_tenants_scan_finding_and_application_ids_answer_exactly_like_unknown_ids()
    {
        var tenant = await fixture.AddTenantAsync();
        var other = Guid.NewGuid();
        var otherScan = await TenantDataSeeder.SeedAsync(fixture.Database, other, "other");
        await using var otherDb = fixture.Database.CreateApplicationContext(other);
        var (finding, app) = await otherDb.InTenantTransactionAsync(
            async ct => (await otherDb.Findings.Select(f => f.Id).SingleAsync(ct), await otherDb.Applications.Select(a => a.ObjectId).SingleAsync(ct)),
            CancellationToken.None);

        await using var web = fixture.CreateApp();
        using var browser = web.NewBrowser();
        await web.SignInAsync(browser, tenant.Id, tenant.AdminId);
        foreach (var (foreign, unknown) in new[]
        {
            ($"/findings/{finding}", $"/findings/{Guid.NewGuid()}"),
            ($"/apps/{app}", $"/apps/{Guid.NewGuid()}"),
            ($"/findings?scan={otherScan}", $"/findings?scan={Guid.NewGuid()}"),
            ($"/report?scan={otherScan}", $"/report?scan={Guid.NewGuid()}"),
            ($"/report/findings.json?scan={otherScan}", $"/report/findings.json?scan={Guid.NewGuid()}"),
        })
        {
            var a = await browser.GetAsync(foreign);
            var b = await browser.GetAsync(unknown);
            Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
            Assert.Equal(b.StatusCode, a.StatusCode);
            Assert.Equal(await b.Content.ReadAsStringAsync(), await a.Content.ReadAsStringAsync());
        }
    }
}

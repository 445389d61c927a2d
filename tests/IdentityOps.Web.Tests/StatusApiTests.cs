using System.Net;
using System.Net.Http.Json;
using IdentityOps.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IdentityOps.Web.Tests;

public sealed class StatusApiTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Health_reports_forced_row_level_security_on_every_tenant_table_of_the_running_database()
    {
        await using var app = AppOn(database.Provisioned.ApplicationConnectionString);
        using var client = app.CreateClient();

        var health = await client.GetFromJsonAsync<Health>("/healthz");

        Assert.NotNull(health);
        Assert.Equal("ok", health.Status);
        Assert.True(health.TenantTables >= 20);
        Assert.Equal(health.TenantTables, health.RlsProtectedTables);
    }

    [Fact]
    [Trait("Claim", "tenant-isolation")]
    public async Task The_public_trust_page_shows_tenant_isolation_failing_when_a_table_loses_row_level_security()
    {
        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        await SchemaCatalog.ExecuteAsync(superuser, "CREATE TABLE scratch_tenant_rows (tenant_id uuid NOT NULL)");
        try
        {
            await using var app = AppOn(database.Provisioned.ApplicationConnectionString);
            using var client = app.CreateClient();
            var page = await client.GetStringAsync("/trust");
            var row = page[page.IndexOf("id=\"tenant-isolation\"", StringComparison.Ordinal)..];
            Assert.StartsWith("id=\"tenant-isolation\">", row, StringComparison.Ordinal);
            Assert.Contains("claim-failing", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        }
        finally
        {
            await SchemaCatalog.ExecuteAsync(superuser, "DROP TABLE scratch_tenant_rows");
        }
    }

    [Fact]
    public async Task The_app_refuses_to_start_without_a_database_connection()
    {
        await using var app = AppOn(string.Empty);
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("ApplicationConnectionString", error.ToString(), StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> AppOn(string applicationConnectionString)
        => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("Database:ApplicationConnectionString", applicationConnectionString));

    private sealed record Health(string Status, int RlsProtectedTables, int TenantTables);
}

using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>The live check reads the running catalog: it holds on a migrated database and fails as soon as one wall is lowered.</summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class TenantIsolationCheckTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Theory]
    [InlineData("ALTER TABLE findings NO FORCE ROW LEVEL SECURITY", "ALTER TABLE findings FORCE ROW LEVEL SECURITY")]
    [InlineData("GRANT TRUNCATE ON users TO @app", "REVOKE TRUNCATE ON users FROM @app")]
    [InlineData("ALTER POLICY tenant_isolation ON token_cache_entries TO PUBLIC", "ALTER POLICY tenant_isolation ON token_cache_entries TO @app")]
    [InlineData(
        "ALTER POLICY tenant_isolation ON scans USING (tenant_id = current_setting('app.tenant_id', true)::uuid)",
        "ALTER POLICY tenant_isolation ON scans USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)")]
    public async Task The_check_is_met_on_the_migrated_schema_and_fails_when_a_wall_is_lowered(string lower, string restore)
    {
        Assert.Equal(TrustStatus.Met, (await EvaluateAsync()).Status);
        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var application = DatabaseRoles.For(database.Provisioned.DatabaseName).Application;
        (lower, restore) = (lower.Replace("@app", application, StringComparison.Ordinal), restore.Replace("@app", application, StringComparison.Ordinal));
        await SchemaCatalog.ExecuteAsync(superuser, lower);
        try
        {
            var result = await EvaluateAsync();
            Assert.Equal(TrustStatus.Failing, result.Status);
        }
        finally
        {
            await SchemaCatalog.ExecuteAsync(superuser, restore);
        }

        Assert.Equal(TrustStatus.Met, (await EvaluateAsync()).Status);
    }

    private async Task<TrustCheckResult> EvaluateAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        var catalog = new DatabaseCatalog(dataSource);
        return await new TenantIsolationCheck(catalog, new RowLevelSecurityStatusQuery(catalog)).EvaluateAsync(CancellationToken.None);
    }
}

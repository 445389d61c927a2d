using System.Security.Cryptography;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Identity;
using IdentityOps.Testing;
using Npgsql;

namespace IdentityOps.Web.Tests.Authentication;

/// <summary>
/// The one read of <c>server_sessions</c> without a tenant: by the hash of an id the reader holds
/// (policy <c>session_lookup_by_id_hash</c>). Without the setting, or with another hash, the
/// application role sees no session of any tenant.
/// </summary>
public sealed class ServerSessionLookupTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Only_the_row_whose_hash_the_transaction_names_is_visible_and_nothing_without_it()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TenantDataSeeder.SeedAsync(database, a, "alpha");
        await TenantDataSeeder.SeedAsync(database, b, "bravo");
        var hashA = await HashOfAsync(a);

        Assert.Equal(0, await CountAsync(sessionHash: null));
        Assert.Equal(0, await CountAsync(sessionHash: string.Empty));
        Assert.Equal(0, await CountAsync(sessionHash: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
        Assert.Equal(0, await CountAsync(sessionHash: "not hex at all", expectError: true));
        Assert.Equal(1, await CountAsync(sessionHash: Convert.ToHexStringLower(hashA)));
        Assert.Equal(1, await CountAsync(sessionHash: Convert.ToHexStringLower(hashA), where: $"tenant_id = '{a:D}'"));
        Assert.Equal(0, await CountAsync(sessionHash: Convert.ToHexStringLower(hashA), where: $"tenant_id = '{b:D}'"));
    }

    [Fact]
    public async Task The_lookup_reads_but_never_writes_a_row_of_an_unnamed_tenant()
    {
        var tenant = Guid.NewGuid();
        await TenantDataSeeder.SeedAsync(database, tenant, "charlie");
        var hash = await HashOfAsync(tenant);

        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.ApplicationConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        await SetAsync(connection, transaction, DatabaseRoles.SessionIdHashSetting, Convert.ToHexStringLower(hash));
        await using var update = new NpgsqlCommand("UPDATE server_sessions SET revoked_at = now() WHERE id_hash = @h", connection, transaction);
        update.Parameters.AddWithValue("h", hash);
        Assert.Equal(0, await update.ExecuteNonQueryAsync());
        await using var delete = new NpgsqlCommand("DELETE FROM server_sessions WHERE id_hash = @h", connection, transaction);
        delete.Parameters.AddWithValue("h", hash);
        Assert.Equal(0, await delete.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task The_store_finds_a_session_by_its_hash_and_nothing_for_an_unknown_one()
    {
        var tenant = Guid.NewGuid();
        await TenantDataSeeder.SeedAsync(database, tenant, "delta");
        var hash = await HashOfAsync(tenant);
        var store = new ServerSessionStore(NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString));

        var found = await store.FindAsync(hash, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(tenant, found.TenantId);
        Assert.Null(await store.FindAsync(RandomNumberGenerator.GetBytes(32), CancellationToken.None));
    }

    private async Task<byte[]> HashOfAsync(Guid tenant)
    {
        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        return await SchemaCatalog.ScalarAsync<byte[]>(superuser, "SELECT id_hash FROM server_sessions WHERE tenant_id = @t", ("t", tenant));
    }

    private async Task<long> CountAsync(string? sessionHash, string where = "true", bool expectError = false)
    {
        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.ApplicationConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        if (sessionHash is not null)
        {
            await SetAsync(connection, transaction, DatabaseRoles.SessionIdHashSetting, sessionHash);
        }

        try
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM server_sessions WHERE {where}", connection, transaction);
            var result = (long)(await count.ExecuteScalarAsync())!;
            Assert.False(expectError, "a malformed hash setting was expected to fail the query");
            return result;
        }
        catch (PostgresException) when (expectError)
        {
            return 0;
        }
    }

    private static async Task SetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string setting, string value)
    {
        await using var set = new NpgsqlCommand($"SELECT set_config('{setting}', @v, true)", connection, transaction);
        set.Parameters.AddWithValue("v", value);
        await set.ExecuteNonQueryAsync();
    }
}

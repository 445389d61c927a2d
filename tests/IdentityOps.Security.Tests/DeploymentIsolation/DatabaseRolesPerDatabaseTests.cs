using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.DeploymentIsolation;

/// <summary>
/// Two deployments on one PostgreSQL server, provisioned side by side with the deployment code: each
/// database has its own roles, so a login of deployment A can neither connect to B's database nor, if
/// it could, use any privilege there (issue 18, item 7; roles are cluster-wide in PostgreSQL).
/// </summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class DatabaseRolesPerDatabaseTests : IAsyncLifetime
{
    private readonly TenantDatabase a = new();
    private readonly TenantDatabase b = new();

    public async Task InitializeAsync()
    {
        await a.InitializeAsync();
        await b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    public static TheoryData<string> Logins => ["application", "purge", "scheduler"];

    [Theory]
    [MemberData(nameof(Logins))]
    public async Task A_login_of_deployment_a_cannot_connect_to_deployment_bs_database(string login)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => TenantDatabase.OpenAsync(InB(LoginOfA(login))));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains($"permission denied for database \"{b.Provisioned.DatabaseName}\"", error.MessageText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Logins))]
    public async Task Even_allowed_to_connect_a_login_of_deployment_a_reads_nothing_in_deployment_bs_database(string login)
    {
        // Lower B's first wall by hand, as a careless operator might: the grants must still hold alone.
        await using (var superuser = await TenantDatabase.OpenAsync(b.SuperuserConnectionString))
        {
            await SchemaCatalog.ExecuteAsync(superuser, $"GRANT CONNECT ON DATABASE {b.Provisioned.DatabaseName} TO PUBLIC");
        }

        await using var connection = await TenantDatabase.OpenAsync(InB(LoginOfA(login)));
        foreach (var table in new[] { "tenants", "alert_configurations", "token_cache_entries", "operator_audit_events" })
        {
            // Qualified: without USAGE on the schema an unqualified name is merely "not found".
            var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ScalarAsync<long>(connection, $"SELECT count(*) FROM public.{table}"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    [Fact]
    public async Task Each_databases_logins_belong_only_to_that_databases_roles_and_it_grants_connect_to_no_one_else()
    {
        await using var superuser = await TenantDatabase.OpenAsync(a.SuperuserConnectionString);
        var rolesA = DatabaseRoles.For(a.Provisioned.DatabaseName);
        var memberships = await SchemaCatalog.PairsAsync(superuser, """
            SELECT m.rolname, g.rolname FROM pg_auth_members am
            JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
            WHERE m.rolname = ANY(@logins)
            """, ("logins", rolesA.All.Select(DatabaseRoles.LoginOf).ToArray()));
        Assert.Equal(rolesA.All.Select(r => (DatabaseRoles.LoginOf(r), r)).Order(), memberships.Order());

        var connectors = await SchemaCatalog.ListAsync<string>(superuser, """
            SELECT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(acl.grantee) END
            FROM pg_database d, aclexplode(d.datacl) acl
            WHERE d.datname = @db AND acl.privilege_type = 'CONNECT'
            """, ("db", a.Provisioned.DatabaseName));
        Assert.Equal(new[] { rolesA.Owner, rolesA.Application, rolesA.Purge, rolesA.Scheduler }.Order(), connectors.Order());
    }

    private string LoginOfA(string login) => login switch
    {
        "application" => a.Provisioned.ApplicationConnectionString,
        "purge" => a.Provisioned.PurgeConnectionString,
        _ => a.Provisioned.SchedulerConnectionString,
    };

    private string InB(string connectionString)
        => new NpgsqlConnectionStringBuilder(connectionString) { Database = b.Provisioned.DatabaseName, Pooling = false }.ConnectionString;
}

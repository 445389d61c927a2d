using System.Security.Cryptography;
using Npgsql;

namespace IdentityOps.Core.Persistence.Provisioning;

/// <summary>
/// Creates what migrations cannot: the database's own group roles (<see cref="DatabaseRoles.For"/>:
/// roles are cluster-wide, so each database gets a set named after it and no other database grants
/// them anything), a database owned by its owner role that only its roles may connect to, and one login
/// role per group with a freshly generated password. Used by the demo, the tests and the deployment
/// command; it needs a connection that may create roles and databases, which no running service holds.
/// </summary>
public static class DatabaseProvisioner
{
    // All provisioning on one server is serialised: CREATE ROLE is cluster-wide, and concurrent
    // test processes sharing IDENTITYOPS_DB would otherwise race on it.
    private const long ProvisioningLockKey = 0x1D_0B5_0001;

    public static async Task<ProvisionedDatabase> ProvisionAsync(string adminConnectionString, string databaseName, CancellationToken cancellationToken)
    {
        RequireIdentifier(databaseName);
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        await ExecuteAsync(admin, $"SELECT pg_advisory_lock({ProvisioningLockKey})", cancellationToken);
        try
        {
            var roles = DatabaseRoles.For(databaseName);
            foreach (var role in roles.All)
            {
                await ExecuteAsync(admin, $"""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                        CREATE ROLE {role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
                      END IF;
                    END $$
                    """, cancellationToken);
            }

            if (!await ExistsAsync(admin, "SELECT 1 FROM pg_database WHERE datname = @name", databaseName, cancellationToken))
            {
                await ExecuteAsync(admin, $"CREATE DATABASE {databaseName} OWNER {roles.Owner} ENCODING 'UTF8' TEMPLATE template0", cancellationToken);
            }

            // CONNECT is granted to PUBLIC by default: only this database's roles may connect to it.
            await ExecuteAsync(admin, $"REVOKE ALL ON DATABASE {databaseName} FROM PUBLIC", cancellationToken);
            await ExecuteAsync(admin, $"GRANT CONNECT ON DATABASE {databaseName} TO {roles.Application}, {roles.Purge}, {roles.Scheduler}", cancellationToken);

            var owner = await EnsureLoginAsync(admin, roles.Owner, cancellationToken);

            // Whatever the owner login creates belongs to the group role, not to the login.
            await ExecuteAsync(admin, $"ALTER ROLE {owner.Name} IN DATABASE {databaseName} SET role = '{roles.Owner}'", cancellationToken);
            var application = await EnsureLoginAsync(admin, roles.Application, cancellationToken);
            var purge = await EnsureLoginAsync(admin, roles.Purge, cancellationToken);
            var scheduler = await EnsureLoginAsync(admin, roles.Scheduler, cancellationToken);

            return new ProvisionedDatabase(
                databaseName,
                ConnectionStringFor(adminConnectionString, databaseName, owner),
                ConnectionStringFor(adminConnectionString, databaseName, application),
                ConnectionStringFor(adminConnectionString, databaseName, purge),
                ConnectionStringFor(adminConnectionString, databaseName, scheduler));
        }
        finally
        {
            await ExecuteAsync(admin, $"SELECT pg_advisory_unlock({ProvisioningLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Drops a database and the roles made for it, logins and groups (tests clean up with this).</summary>
    public static async Task DropAsync(string adminConnectionString, string databaseName, CancellationToken cancellationToken)
    {
        RequireIdentifier(databaseName);
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", cancellationToken);
        foreach (var role in DatabaseRoles.For(databaseName).All)
        {
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {DatabaseRoles.LoginOf(role)}", cancellationToken);
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {role}", cancellationToken);
        }
    }

    private static async Task<Login> EnsureLoginAsync(NpgsqlConnection admin, string groupRole, CancellationToken cancellationToken)
    {
        var name = DatabaseRoles.LoginOf(groupRole);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var verb = await ExistsAsync(admin, "SELECT 1 FROM pg_roles WHERE rolname = @name", name, cancellationToken) ? "ALTER" : "CREATE";
        await ExecuteAsync(admin, $"{verb} ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT PASSWORD '{password}'", cancellationToken);
        await ExecuteAsync(admin, $"GRANT {groupRole} TO {name}", cancellationToken);
        return new Login(name, password);
    }

    private static string ConnectionStringFor(string adminConnectionString, string databaseName, Login login)
        => new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = databaseName,
            Username = login.Name,
            Password = login.Password,
        }.ConnectionString;

    private static void RequireIdentifier(string name)
    {
        // Database and role names are spliced into DDL, which takes no parameters. 40 characters leave
        // room for the longest role name derived from it ("_scheduler_login") within PostgreSQL's 63.
        if (name.Length is 0 or > 40 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') || !char.IsAsciiLetterLower(name[0]))
        {
            throw new ArgumentException("A database name is 1-40 characters of a-z, 0-9 and _, starting with a letter.", nameof(name));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("name", name) } };
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private sealed record Login(string Name, string Password);
}

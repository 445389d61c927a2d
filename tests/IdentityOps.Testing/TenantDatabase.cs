using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Provisioning;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace IdentityOps.Testing;

/// <summary>
/// A fresh, migrated database for one test class (use as <c>IClassFixture</c>), provisioned with the
/// same code a deployment uses, with one login per role.
/// </summary>
public sealed class TenantDatabase : IAsyncLifetime
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();
    private ProvisionedDatabase? provisioned;

    public string AdminConnectionString { get; private set; } = string.Empty;

    public ProvisionedDatabase Provisioned => provisioned ?? throw new InvalidOperationException("The database is not provisioned yet.");

    /// <summary>A superuser connection string to this database (superusers bypass RLS: use for arranging and tampering only).</summary>
    public string SuperuserConnectionString => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Provisioned.DatabaseName }.ConnectionString;

    public async Task InitializeAsync()
    {
        AdminConnectionString = await PostgresServer.GetAdminConnectionStringAsync();
        var name = $"io_{Guid.NewGuid():N}"[..24];
        (provisioned, _) = await DatabaseMigrator.ProvisionAndMigrateAsync(AdminConnectionString, name, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (provisioned is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await DatabaseProvisioner.DropAsync(AdminConnectionString, provisioned.DatabaseName, CancellationToken.None);
        }
    }

    /// <summary>An application-role context working for <paramref name="tenantId"/> (or for no tenant).</summary>
    public IdentityOpsDbContext CreateApplicationContext(Guid? tenantId, string? connectionString = null)
        => CreateContext(connectionString ?? Provisioned.ApplicationConnectionString, tenantId);

    public static IdentityOpsDbContext CreateContext(string connectionString, Guid? tenantId)
    {
        var tenant = new TenantContext();
        if (tenantId is { } id)
        {
            tenant.Set(id);
        }

        var dataSource = DataSources.GetOrAdd(connectionString, NpgsqlDataSource.Create);
        var options = new DbContextOptionsBuilder<IdentityOpsDbContext>();
        options.UseIdentityOpsDatabase(dataSource);
        return new IdentityOpsDbContext(options.Options, tenant);
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}

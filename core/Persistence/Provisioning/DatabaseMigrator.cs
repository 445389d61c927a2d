using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityOps.Core.Persistence.Provisioning;

/// <summary>Applies the checked-in EF Core migrations as the schema owner.</summary>
public static class DatabaseMigrator
{
    /// <summary>Provisions roles, database and logins on a server, then migrates it: the demo, the tests and snapshot scans start here.</summary>
    public static async Task<(ProvisionedDatabase Database, IReadOnlyList<string> Applied)> ProvisionAndMigrateAsync(
        string adminConnectionString, string databaseName, CancellationToken cancellationToken)
    {
        var database = await DatabaseProvisioner.ProvisionAsync(adminConnectionString, databaseName, cancellationToken);
        return (database, await MigrateAsync(database.OwnerConnectionString, cancellationToken));
    }

    public static async Task<IReadOnlyList<string>> MigrateAsync(string ownerConnectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(ownerConnectionString);

        // Built without the tenant interceptors: migrations are DDL, run by the owner, for no tenant.
        var options = new DbContextOptionsBuilder<IdentityOpsDbContext>()
            .UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .Options;
        await using var db = new IdentityOpsDbContext(options, new TenantContext());
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}

using System.Data.Common;
using IdentityOps.Core.Persistence.Provisioning;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Cli.Verbs;

/// <summary>
/// <c>IdentityOps.Cli migrate</c>: the explicit schema step of a deployment. With
/// <c>Database:OwnerConnectionString</c> (a login in the owner role) it applies pending migrations;
/// with <c>Database:AdminConnectionString</c> it first provisions roles, database and logins
/// (<c>Database:Name</c>, default <c>identityops</c>). Secrets come from configuration or the
/// environment, never from the command line.
/// </summary>
internal static class MigrateVerb
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        try
        {
            return await MigrateAsync(configuration, output);
        }
        catch (DbException error)
        {
            var setting = string.IsNullOrWhiteSpace(configuration["Database:OwnerConnectionString"]) ? "Database__AdminConnectionString" : "Database__OwnerConnectionString";
            await output.WriteLineAsync(DatabaseFailure.Describe("migrate", setting, error));
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(IConfiguration configuration, TextWriter output)
    {
        var owner = configuration["Database:OwnerConnectionString"];
        var admin = configuration["Database:AdminConnectionString"];
        if (string.IsNullOrWhiteSpace(owner) && !string.IsNullOrWhiteSpace(admin))
        {
            var provisioned = await DatabaseProvisioner.ProvisionAsync(admin, configuration["Database:Name"] ?? "identityops", CancellationToken.None);
            owner = provisioned.OwnerConnectionString;
            await output.WriteLineAsync($"Provisioned database '{provisioned.DatabaseName}' with owner, application, purge and scheduler logins.");
        }

        if (string.IsNullOrWhiteSpace(owner))
        {
            await output.WriteLineAsync("migrate: set Database__OwnerConnectionString (or Database__AdminConnectionString to provision first).");
            return 2;
        }

        var applied = await DatabaseMigrator.MigrateAsync(owner, CancellationToken.None);
        await output.WriteLineAsync(applied.Count == 0 ? "Schema is up to date." : $"Applied: {string.Join(", ", applied)}");
        return 0;
    }
}

using System.Data.Common;
using System.Globalization;
using IdentityOps.Cli.Extensions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence.Provisioning;
using IdentityOps.Emulator.Snapshot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Cli.Verbs;

/// <summary>
/// <c>IdentityOps.Cli scan --snapshot DIR --out DIR [--as-of T]</c>: assesses an exported tenant
/// offline with the same services the app runs. Needs <c>Database:AdminConnectionString</c> (the
/// scan database is provisioned and migrated on it). Exits 0, or non-zero with a one-line reason.
/// </summary>
internal static class ScanVerb
{
    public const string Name = "scan";
    private const string DefaultDatabaseName = "identityops_snapshot";

    public static async Task<int> RunAsync(HostApplicationBuilder builder, IReadOnlyList<string> args, TextWriter output)
    {
        if (!TryParse(args, out var request, out var problem))
        {
            await output.WriteLineAsync($"scan: {problem}");
            return 2;
        }

        var admin = builder.Configuration["Database:AdminConnectionString"];
        if (string.IsNullOrWhiteSpace(admin))
        {
            await output.WriteLineAsync("scan: set Database__AdminConnectionString (./build.sh scan does) so the scan has a database.");
            return 2;
        }

        try
        {
            // The demo scans into the database it then serves (Snapshot:DatabaseName); a plain scan into its own.
            var databaseName = builder.Configuration["Snapshot:DatabaseName"] is { Length: > 0 } name ? name : DefaultDatabaseName;
            var (database, _) = await DatabaseMigrator.ProvisionAndMigrateAsync(admin, databaseName, CancellationToken.None);
            var host = builder.AddApplicationServices(database).Build();
            await using var disposal = (IAsyncDisposable)host; // the purge and scheduler data sources are disposed only asynchronously
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SnapshotScanCommand>().RunAsync(request, CancellationToken.None);
            if (result.Scan.Status != ScanStatus.Succeeded)
            {
                await output.WriteLineAsync($"scan failed: {result.Scan.Error}");
                return 1;
            }

            var unavailable = result.Scan.Collections.Where(c => !c.IsAvailable).Select(c => $"{c.Name} ({c.UnavailableReason})").ToList();
            var counts = string.Join(", ", result.Scan.Collections.Where(c => c.IsAvailable).Select(c => $"{c.Name} {c.Objects}"));
            await output.WriteLineAsync($"scan succeeded for tenant {result.TenantId}: {counts}. Wrote {string.Join(", ", result.WrittenFiles)}.");
            if (unavailable.Count > 0)
            {
                await output.WriteLineAsync($"not collected: {string.Join("; ", unavailable)}");
            }

            return 0;
        }
        catch (SnapshotException error)
        {
            await output.WriteLineAsync($"scan failed: {error.Message}");
            return 1;
        }
        catch (DbException error)
        {
            await output.WriteLineAsync(DatabaseFailure.Describe("scan", "Database__AdminConnectionString", error));
            return 1;
        }
    }

    internal static bool TryParse(IReadOnlyList<string> args, out SnapshotScanRequest request, out string problem)
    {
        request = null!;
        string? snapshot = null, outDir = null;
        var asOf = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--snapshot" when value is not null: snapshot = value; i++; break;
                case "--out" when value is not null: outDir = value; i++; break;
                case "--as-of" when value is not null:
                    if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out asOf))
                    {
                        problem = $"--as-of '{value}' is not a date and time (for example 2026-11-25T00:00:00Z).";
                        return false;
                    }

                    i++;
                    break;
                default:
                    problem = $"unexpected argument '{args[i]}'. Usage: scan --snapshot DIR --out DIR [--as-of 2026-11-25T00:00:00Z]";
                    return false;
            }
        }

        if (snapshot is null || outDir is null)
        {
            problem = "both --snapshot DIR and --out DIR are required.";
            return false;
        }

        if (!Directory.Exists(snapshot))
        {
            problem = $"the snapshot folder '{snapshot}' does not exist.";
            return false;
        }

        request = new SnapshotScanRequest(Path.GetFullPath(snapshot), Path.GetFullPath(outDir), asOf.ToUniversalTime());
        problem = string.Empty;
        return true;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Persistence.Provisioning;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Core.Tenancy;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Npgsql;

namespace IdentityOps.Benchmarks;

/// <summary>
/// Collection at three tenant sizes: the real pipeline (SDK, collector, PostgreSQL) in this process,
/// the emulator with the synthetic tenant in a child process behind a loopback socket, so this
/// process's memory is the collector's alone. Prints a Markdown table for BENCHMARKS.md.
/// </summary>
internal static class CollectionBenchmark
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static readonly List<string> RulesRows = [];

    // Collection progress with timestamps on stderr (`--verbose`), so a slow run shows its critical path.
    private static ILoggerFactory Logging = NullLoggerFactory.Instance;

    public static async Task<int> RunAsync(string[] args)
    {
        // "--sizes none" measures persistence alone.
        var sizes = Option(args, "--sizes", "small,medium,large").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "none").ToArray();
        var speed = double.Parse(Option(args, "--speed", "5"), CultureInfo.InvariantCulture);
        if (args.Contains("--verbose"))
        {
            Logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").AddFilter("IdentityOps", LogLevel.Information));
        }
        var admin = Environment.GetEnvironmentVariable("IDENTITYOPS_DB");
        await using var cluster = string.IsNullOrEmpty(admin) ? await LocalPostgresCluster.StartAsync() : null;
        admin ??= cluster!.AdminConnectionString;
        var (database, _) = await DatabaseMigrator.ProvisionAndMigrateAsync(admin, $"io_bench_{Guid.NewGuid():N}"[..20], CancellationToken.None);

        if (sizes.Length > 0)
        {
            if (!args.Contains("--no-warmup"))
            {
                await WarmUpAsync(admin, speed);
            }

            await MeasureSizesAsync(database, sizes, speed);
        }

        var rowsPerSecond = await MeasurePersistenceAsync(database, rows: 500_000, runs: 3);
        Console.WriteLine($"Persistence: {rowsPerSecond:N0} rows/s (median of 3 runs, 500,000 user rows each: binary COPY to a temp table, INSERT … SELECT under RLS, commit).");
        await DatabaseProvisioner.DropAsync(admin, database.DatabaseName, CancellationToken.None);
        return 0;
    }

    /// <summary>
    /// One unmeasured scan of the small tenant into a database of its own, so the first measured size
    /// does not pay the process's one-time costs (JIT, first connections, template parsing) that a
    /// running worker has long paid; its own database keeps its delta links from making the measured
    /// small scan incremental.
    /// </summary>
    private static async Task WarmUpAsync(string admin, double speed)
    {
        var (warm, _) = await DatabaseMigrator.ProvisionAndMigrateAsync(admin, $"io_warm_{Guid.NewGuid():N}"[..20], CancellationToken.None);
        await MeasureSizeAsync(warm, "small", speed);
        RulesRows.Clear();
        await DatabaseProvisioner.DropAsync(admin, warm.DatabaseName, CancellationToken.None);
        Console.WriteLine("Warm-up: one unmeasured scan of the small tenant into a separate database (`--no-warmup` skips it).");
    }

    private static async Task MeasureSizesAsync(ProvisionedDatabase database, string[] sizes, double speed)
    {
        Console.WriteLine($"Throttle speed factor: {speed} (both the emulator's windows and the minimum time use it).");
        Console.WriteLine();
        Console.WriteLine("| size | users / apps / SPs | objects | requests / minimal plan | wall / throttle-bound minimum | objects/s | peak working set | 429s | CPU: collector / emulator |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var row = await MeasureSizeAsync(database, size, speed);
            Console.WriteLine(row);
        }

        Console.WriteLine();
        Console.WriteLine("Rules and rendering, after each size's scan (issue 4):");
        Console.WriteLine();
        Console.WriteLine(RulesMeasurement.Header);
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        RulesRows.ForEach(Console.WriteLine);
        Console.WriteLine();
    }

    private static async Task<string> MeasureSizeAsync(ProvisionedDatabase database, string size, double speed)
    {
        using var child = StartChild(size, speed);
        var ready = JsonDocument.Parse(await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"the emulator for {size} did not start: {await child.StandardError.ReadToEndAsync()}")).RootElement;
        var address = new Uri(ready.GetProperty("address").GetString()!);
        var tenantId = Guid.Parse(ready.GetProperty("tenantId").GetString()!);
        var scanId = await NewScanAsync(database, tenantId);

        GC.Collect();
        var collectorCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var emulatorCpuBefore = child.TotalProcessorTime;
        using var sampler = new PeakWorkingSet();
        var clock = Stopwatch.StartNew();
        var tenant = new TenantContext();
        tenant.Set(tenantId);
        await using var dataSource = NpgsqlDataSource.Create(database.ApplicationConnectionString);
        await using var db = new IdentityOpsDbContext(Options(dataSource), tenant);
        var graph = GraphClientBuilder.Create(new AnonymousAuthenticationProvider(), new GraphRetryOptions(), TimeProvider.System, new LoopbackGraphTransport(address), pacing: new GraphPacingOptions { TimeScale = speed });
        var result = await new RunScanCommand(db, new ScanInventoryWriters(dataSource), new GraphCollector(TimeProvider.System, Logging.CreateLogger<GraphCollector>()), TimeProvider.System)
            .RunAsync(new RunScanRequest(tenantId, scanId, AsOf), graph, CancellationToken.None);
        clock.Stop();
        var peak = sampler.Stop();
        var collectorCpu = Process.GetCurrentProcess().TotalProcessorTime - collectorCpuBefore;
        child.Refresh();
        var emulatorCpu = child.TotalProcessorTime - emulatorCpuBefore;
        if (result.Status != ScanStatus.Succeeded)
        {
            throw new InvalidOperationException($"{size}: scan failed: {result.Error}");
        }

        RulesRows.Add(await RulesMeasurement.MeasureAsync(size, db, tenantId, scanId, AsOf, result.Collections.Sum(c => c.Objects)));

        using var http = new HttpClient();
        var stats = await http.GetFromJsonAsync<JsonElement>(new Uri(address, "/__bench/stats"));
        child.StandardInput.Close();
        await child.WaitForExitAsync();

        var objects = result.Collections.Sum(c => c.Objects);
        var requests = stats.GetProperty("requests").GetInt64();
        var minimal = ready.GetProperty("minimalRequests").GetInt64();
        var minimum = TimeSpan.FromSeconds(stats.GetProperty("minimumSeconds").GetDouble());
        var counts = result.Collections.ToDictionary(c => c.Name, c => c.Objects);
        var wallRatio = minimum.TotalSeconds < 0.05
            ? "n/a (every budget fits in its first window)"
            : string.Create(CultureInfo.InvariantCulture, $"**{clock.Elapsed / minimum:F2}**");
        return string.Create(CultureInfo.InvariantCulture,
            $"| {size} | {counts["users"]:N0} / {counts["applications"]:N0} / {counts["servicePrincipals"]:N0} | {objects:N0} | {requests:N0} / {minimal:N0} = **{(double)requests / minimal:F3}** | {clock.Elapsed.TotalSeconds:F1} s / {minimum.TotalSeconds:F1} s = {wallRatio} | {objects / clock.Elapsed.TotalSeconds:N0} | {peak / 1024 / 1024:N0} MiB | {stats.GetProperty("throttled").GetInt32()} | {collectorCpu.TotalSeconds:F1} s / {emulatorCpu.TotalSeconds:F1} s |");
    }

    private static async Task<double> MeasurePersistenceAsync(ProvisionedDatabase database, int rows, int runs)
    {
        var samples = new List<double>();
        await using var dataSource = NpgsqlDataSource.Create(database.ApplicationConnectionString);
        for (var run = 0; run < runs; run++)
        {
            // A tenant per run: each run leaves its scan unfinished, and a tenant has one active scan at a time.
            var tenantId = Guid.NewGuid();
            var scanId = await NewScanAsync(database, tenantId);
            var batch = Enumerable.Range(0, rows).Select(i => new UserRecord
            {
                TenantId = tenantId,
                ScanId = scanId,
                ObjectId = Guid.NewGuid(),
                DisplayName = string.Create(CultureInfo.InvariantCulture, $"Benchmark user {i}"),
                UserPrincipalName = string.Create(CultureInfo.InvariantCulture, $"user{i}@contoso.example"),
                UserType = "Member",
                AccountEnabled = true,
                CreatedAt = AsOf.AddDays(-i % 900),
                LastSignInAt = AsOf.AddHours(-i % 5000),
            }).ToArray();

            var clock = Stopwatch.StartNew();
            await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenantId, scanId, CancellationToken.None))
            {
                foreach (var chunk in batch.Chunk(5_000))
                {
                    await writer.WriteAsync(chunk, CancellationToken.None);
                }

                await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
            }

            samples.Add(rows / clock.Elapsed.TotalSeconds);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"persistence run {run + 1}: {clock.Elapsed.TotalSeconds:F2} s, {samples[^1]:N0} rows/s"));
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static async Task<Guid> NewScanAsync(ProvisionedDatabase database, Guid tenantId)
    {
        var tenant = new TenantContext();
        tenant.Set(tenantId);
        await using var dataSource = NpgsqlDataSource.Create(database.ApplicationConnectionString);
        await using var db = new IdentityOpsDbContext(Options(dataSource), tenant);
        var scanId = Guid.NewGuid();
        await db.InTenantTransactionAsync(
            async ct =>
            {
                if (await db.Tenants.FindAsync([tenantId], ct) is null)
                {
                    db.Tenants.Add(new Tenant { Id = tenantId, DisplayName = "Benchmark tenant", CreatedAt = AsOf });
                }

                db.Scans.Add(new Scan { TenantId = tenantId, Id = scanId, RequestedBy = Guid.Empty, RequestedAt = AsOf });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return scanId;
    }

    private static Microsoft.EntityFrameworkCore.DbContextOptions<IdentityOpsDbContext> Options(NpgsqlDataSource dataSource)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<IdentityOpsDbContext>();
        options.UseIdentityOpsDatabase(dataSource);
        return options.Options;
    }

    private static Process StartChild(string size, double speed)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CollectionBenchmark).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(size);
        start.ArgumentList.Add(speed.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator process");
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    /// <summary>Samples this process's working set, so each size gets its own peak.</summary>
    private sealed class PeakWorkingSet : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task<long> sampling;

        public PeakWorkingSet() => sampling = Task.Run(async () =>
        {
            long peak = 0;
            using var process = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(25, CancellationToken.None);
            }

            return peak;
        });

        public long Stop()
        {
            stop.Cancel();
            return sampling.GetAwaiter().GetResult();
        }

        public void Dispose() => stop.Dispose();
    }
}

using IdentityOps.Core.Graph;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Core.Tenancy;
using IdentityOps.Emulator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Npgsql;

using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Findings.EvaluateScan;

namespace IdentityOps.Testing.Graph;

/// <summary>Runs the real scan pipeline (SDK → emulator → collector → PostgreSQL) for a test.</summary>
public sealed class ScanHarness(TenantDatabase database, EmulatedTenant tenant, GraphEmulatorOptions? options = null, ILoggerFactory? logging = null)
{
    public static readonly DateTimeOffset AsOf = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    public GraphEmulator Emulator { get; } = new(tenant, options ?? new GraphEmulatorOptions { ThrottleSpeedFactor = 1000 }, TimeProvider.System);

    public Guid TenantId { get; init; } = SampleSnapshot.TenantId;

    /// <summary>The collector's pacing; a test that checks the budgets runs it at the emulator's speed. The default is real time.</summary>
    public GraphPacingOptions Pacing { get; init; } = new();

    /// <summary>Wraps the emulator, for a test that needs Graph to answer something the emulator does not (a 403).</summary>
    public Func<HttpMessageHandler, HttpMessageHandler> Transport { get; init; } = emulator => emulator;

    public async Task<RunScanResult> ScanAsync(DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        var scanId = await QueueScanAsync(asOf, cancellationToken);
        return await RunAsync(scanId, asOf, cancellationToken: cancellationToken);
    }

    /// <summary>Records a queued scan, as starting one through the API does.</summary>
    public async Task<Guid> QueueScanAsync(DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        var scanId = Guid.NewGuid();
        await using (var db = database.CreateApplicationContext(TenantId))
        {
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    if (await db.Tenants.FindAsync([TenantId], ct) is null)
                    {
                        db.Tenants.Add(new Tenant { Id = TenantId, DisplayName = "Contoso Sample", CreatedAt = AsOf });
                    }

                    db.Scans.Add(new Scan { TenantId = TenantId, Id = scanId, RequestedBy = Guid.NewGuid(), RequestedAt = asOf ?? AsOf });
                    await db.SaveChangesAsync(ct);
                },
                cancellationToken);
        }

        return scanId;
    }

    /// <summary>Runs (or resumes, from its checkpoint) a queued scan through the real pipeline.</summary>
    public async Task<RunScanResult> RunAsync(Guid scanId, DateTimeOffset? asOf = null, ScanDeferredHandler? onDeferred = null, CancellationToken cancellationToken = default)
    {
        var graph = GraphClientBuilder.Create(
            new AnonymousAuthenticationProvider(),
            new GraphRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(500) },
            TimeProvider.System,
            Transport(Emulator),
            pacing: Pacing);
        await using var scanDb = database.CreateApplicationContext(TenantId);
        var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        await using (dataSource)
        {
            var command = new RunScanCommand(scanDb, new ScanInventoryWriters(dataSource), new GraphCollector(TimeProvider.System, (logging ?? NullLoggerFactory.Instance).CreateLogger<GraphCollector>()), TimeProvider.System);
            return await command.RunAsync(new RunScanRequest(TenantId, scanId, asOf ?? AsOf), graph, onDeferred, cancellationToken);
        }
    }

    /// <summary>Runs the rules over a succeeded scan, as the job services do after collection.</summary>
    public async Task<EvaluateScanResult> EvaluateAsync(Guid scanId, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateApplicationContext(TenantId);
        return await new EvaluateScanCommand(db, new RuleEngine(Catalog)).RunAsync(new EvaluateScanRequest(TenantId, scanId, asOf ?? AsOf), cancellationToken);
    }

    /// <summary>The report data of an evaluated scan, as every report format reads it.</summary>
    public async Task<ScanReport> ReportAsync(Guid scanId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateApplicationContext(TenantId);
        return await new GetScanReportQuery(db, Catalog).RunAsync(new GetScanReportRequest(TenantId, scanId), cancellationToken)
            ?? throw new InvalidOperationException("The scan has no report: it did not succeed or was not evaluated.");
    }

    public static RuleCatalog Catalog { get; } = new();
}

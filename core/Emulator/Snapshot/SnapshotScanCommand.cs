using System.Text.Json;
using IdentityOps.Core.Findings.EvaluateScan;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Core.Tenancy;
using IdentityOps.Emulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Kiota.Abstractions.Authentication;

namespace IdentityOps.Emulator.Snapshot;

/// <param name="SnapshotDirectory">A tenant exported as Graph v1.0 response bodies, paths mirroring the URLs.</param>
/// <param name="OutputDirectory">Where the scan's outputs are written.</param>
/// <param name="AsOf">The scan time; rules measure from it, so the same snapshot and time give the same output.</param>
public sealed record SnapshotScanRequest(string SnapshotDirectory, string OutputDirectory, DateTimeOffset AsOf);

public sealed record SnapshotScanResult(Guid TenantId, RunScanResult Scan, IReadOnlyList<string> WrittenFiles);

/// <summary>
/// Assesses an exported tenant offline: the same pipeline as a live scan (Graph SDK → collector →
/// PostgreSQL → rules → reports), with the snapshot served by the Graph emulator instead of Microsoft Graph.
/// </summary>
public sealed class SnapshotScanCommand(
    IdentityOpsDbContext db, TenantContext tenantContext, RunScanCommand runScan, EvaluateScanCommand evaluate, GetScanReportQuery reportQuery, ReportFiles reportFiles, TimeProvider time)
{
    /// <summary>Who a snapshot scan is recorded as requested by: no person's object id.</summary>
    public static readonly Guid SnapshotRequester = Guid.Empty;

    public async Task<SnapshotScanResult> RunAsync(SnapshotScanRequest request, CancellationToken cancellationToken)
    {
        var tenantId = await ReadTenantIdAsync(request.SnapshotDirectory, cancellationToken);
        tenantContext.Set(tenantId);
        var emulated = await EmulatedTenant.LoadFolderAsync(request.SnapshotDirectory, cancellationToken);

        var scanId = Guid.NewGuid();
        await db.InTenantTransactionAsync(
            async ct =>
            {
                if (!await db.Tenants.AnyAsync(ct))
                {
                    db.Tenants.Add(new Tenant { Id = tenantId, DisplayName = "Snapshot tenant", CreatedAt = time.GetUtcNow() });
                }

                db.Scans.Add(new Scan { TenantId = tenantId, Id = scanId, RequestedBy = SnapshotRequester, RequestedAt = request.AsOf });
                await db.SaveChangesAsync(ct);
            },
            cancellationToken);

        // A snapshot is local data: no throttling to respect, but the same SDK, guard and retries.
        var emulator = new GraphEmulator(emulated, new GraphEmulatorOptions { ThrottlingEnabled = false }, time);
        var graph = GraphClientBuilder.Create(new AnonymousAuthenticationProvider(), new GraphRetryOptions(), time, emulator);
        var result = await runScan.RunAsync(new RunScanRequest(tenantId, scanId, request.AsOf), graph, cancellationToken);
        while (result.Deferred is { } checkpoint)
        {
            // No queue here: wait out Graph's Retry-After in process and resume from the checkpoint.
            await Task.Delay(checkpoint.DelayFrom(time.GetUtcNow()), time, cancellationToken);
            result = await runScan.RunAsync(new RunScanRequest(tenantId, scanId, request.AsOf), graph, cancellationToken);
        }

        var written = new List<string>();
        if (result.Status == ScanStatus.Succeeded)
        {
            Directory.CreateDirectory(request.OutputDirectory);
            await evaluate.RunAsync(new EvaluateScanRequest(tenantId, scanId, request.AsOf), cancellationToken);
            var report = await reportQuery.RunAsync(new GetScanReportRequest(tenantId, scanId), cancellationToken)
                ?? throw new InvalidOperationException("The evaluated scan has no report.");
            written.AddRange(await reportFiles.WriteAsync(report, request.OutputDirectory, cancellationToken));
            var inventoryPath = Path.Combine(request.OutputDirectory, "inventory.json");
            await InventoryExport.WriteAsync(db, scanId, inventoryPath, cancellationToken);
            written.Add(inventoryPath);
        }

        return new SnapshotScanResult(tenantId, result, written);
    }

    /// <summary>The exported tenant's id, from its organization.json.</summary>
    public static async Task<Guid> ReadTenantIdAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "organization.json");
        if (!File.Exists(path))
        {
            throw new SnapshotException($"'{directory}' is not a tenant snapshot: organization.json is missing (it names the tenant).");
        }

        try
        {
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var id = document.RootElement.GetProperty("value")[0].GetProperty("id").GetString();
            return Guid.TryParse(id, out var tenantId) && tenantId != Guid.Empty
                ? tenantId
                : throw new SnapshotException("organization.json does not carry a valid tenant id in value[0].id.");
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new SnapshotException($"organization.json is not a Graph organization collection: {error.Message}");
        }
    }
}

/// <summary>A snapshot folder that cannot be scanned; the message says why.</summary>
public sealed class SnapshotException(string message) : Exception(message);

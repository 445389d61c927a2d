using System.Net;
using System.Text;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph.Faults;

/// <summary>
/// Security-pitfalls 12 at the scan level: a long Graph 429 makes the scan checkpoint the collections it completed and
/// stay running; the resumed run reads only the rest and stores exactly what an uninterrupted scan stores.
/// </summary>
public sealed class ScanCheckpointTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static bool IsUserList(Uri uri) => uri.AbsolutePath.EndsWith("/users", StringComparison.Ordinal);

    // Conditional Access is read late (after users, service principals, applications …), so earlier collections complete.
    private static bool IsConditionalAccess(Uri uri) => uri.AbsolutePath.EndsWith("/conditionalAccess/policies", StringComparison.Ordinal);

    [Fact]
    public async Task A_long_429_checkpoints_the_completed_collections_and_the_resumed_run_reads_only_the_rest()
    {
        var clean = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files())) { TenantId = Guid.NewGuid() };
        var cleanScan = await clean.ScanAsync();
        await clean.EvaluateAsync(cleanScan.ScanId);

        var runs = 0;
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => runs++ == 0 ? new ThrottlingTransport(emulator, IsConditionalAccess, "120") : emulator,
        };
        var scanId = await harness.QueueScanAsync();
        string? checkpointWhenHandlerRan = "not called";
        var first = await harness.RunAsync(scanId, onDeferred: async (checkpoint, ct) => checkpointWhenHandlerRan = (await ReadScanAsync(harness.TenantId, scanId)).Checkpoint);

        // Deferred, not failed: the scan stays running with what it completed, and Graph's wait.
        var deferred = Assert.IsType<ScanCheckpoint>(first.Deferred);
        Assert.Equal(ScanStatus.Running, first.Status);
        Assert.Equal(1, deferred.Generation);
        Assert.InRange(deferred.ResumeAfter - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
        Assert.Null(checkpointWhenHandlerRan); // the job is re-enqueued before the checkpoint commits
        var completed = deferred.Collections.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain("conditionalAccessPolicies", completed);
        Assert.Contains("users", completed);
        Assert.Contains("servicePrincipals", completed);
        var stored = await ReadScanAsync(harness.TenantId, scanId);
        Assert.Equal(ScanStatus.Running, stored.Status);
        Assert.Equal(deferred, ScanCheckpoint.Parse(stored.Checkpoint)! with { Collections = deferred.Collections, DeltaLinks = deferred.DeltaLinks });
        Assert.Equal(completed, ScanCheckpoint.Parse(stored.Checkpoint)!.Collections.Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(2, await CountAsync("service_principals", harness.TenantId, scanId));
        Assert.Equal(2, await CountAsync("users", harness.TenantId, scanId));
        Assert.Equal(0, await CountAsync("tenant_policies", harness.TenantId, scanId, "kind = 'conditionalAccess'"));

        harness.Emulator.Log.Clear();
        var second = await harness.RunAsync(scanId);

        Assert.True(second.Status == ScanStatus.Succeeded, second.Error);
        Assert.Null(second.Deferred);
        var paths = harness.Emulator.Log.Requests.Select(r => r.PathAndQuery.Split('?')[0]).ToList();
        Assert.Contains("/v1.0/identity/conditionalAccess/policies", paths);
        Assert.DoesNotContain(paths, p => p is "/v1.0/users" or "/v1.0/servicePrincipals" or "/v1.0/servicePrincipals/delta");
        Assert.Null((await ReadScanAsync(harness.TenantId, scanId)).Checkpoint);
        Assert.Equal(await InventoryFingerprint.OfAsync(database, clean.TenantId, cleanScan.ScanId), await InventoryFingerprint.OfAsync(database, harness.TenantId, scanId));
        Assert.Equal(await CountAsync("delta_links", clean.TenantId, cleanScan.ScanId), await CountAsync("delta_links", harness.TenantId, scanId));

        await harness.EvaluateAsync(scanId);
        Assert.Equal(await FindingsJsonAsync(clean, cleanScan.ScanId), await FindingsJsonAsync(harness, scanId));
    }

    [Fact]
    public async Task A_checkpointed_scan_that_then_fails_keeps_none_of_its_rows()
    {
        var throttled = true;
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => throttled
                ? new ThrottlingTransport(emulator, IsConditionalAccess, "120")
                : new FailingTransport(emulator, IsConditionalAccess, HttpStatusCode.InternalServerError, "generalException"),
        };
        var scanId = await harness.QueueScanAsync();
        Assert.NotNull((await harness.RunAsync(scanId)).Deferred);
        Assert.True(await CountAsync("service_principals", harness.TenantId, scanId) > 0, "the checkpoint kept no rows, so the test proves nothing");

        throttled = false;
        var resumed = await harness.RunAsync(scanId);

        Assert.Equal(ScanStatus.Failed, resumed.Status);
        Assert.Empty(await InventoryFingerprint.OfAsync(database, harness.TenantId, scanId));
        Assert.Null((await ReadScanAsync(harness.TenantId, scanId)).Checkpoint);
    }

    private async Task<Scan> ReadScanAsync(Guid tenant, Guid scanId)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await db.InTenantTransactionAsync(ct => db.Scans.AsNoTracking().SingleAsync(s => s.Id == scanId, ct), CancellationToken.None);
    }

    private async Task<long> CountAsync(string table, Guid tenant, Guid scanId, string condition = "true")
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        return await SchemaCatalog.ScalarAsync<long>(connection, $"SELECT count(*) FROM {table} WHERE tenant_id = @t AND scan_id = @s AND {condition}", ("t", tenant), ("s", scanId));
    }

    private static async Task<string> FindingsJsonAsync(ScanHarness harness, Guid scanId)
        => Encoding.UTF8.GetString(FindingsJsonWriter.Write(await harness.ReportAsync(scanId)))
            .Replace(harness.TenantId.ToString(), "<tenant>", StringComparison.OrdinalIgnoreCase)
            .Replace(scanId.ToString(), "<scan>", StringComparison.OrdinalIgnoreCase);
}

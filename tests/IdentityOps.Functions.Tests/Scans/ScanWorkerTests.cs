using System.Text.Json;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scans;
using IdentityOps.Core.Scans.ProcessScanJob;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Tests.Support;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Functions.Tests.Scans;

/// <summary>End to end, in-process: API → Azurite → worker → Graph emulator (as the admin) → PostgreSQL.</summary>
public sealed class ScanWorkerTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.ResetGraph();

    [Fact]
    public async Task A_scan_started_through_the_API_runs_from_the_queue_as_the_admin_and_succeeds()
    {
        var tenant = await app.AddTenantAsync();

        var started = await app.CallAsync<StartScanFunction>(app.AdminToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", "/api/scans");
        File.WriteAllLines("/tmp/fa-logs.txt", app.Logs.Lines);
        Assert.Equal(202, started.Status);
        var scanId = JsonDocument.Parse(started.Body).RootElement.GetProperty("id").GetGuid();

        var deliveries = await app.DrainAsync();

        Assert.All(deliveries, d => Assert.Null(d.Error));
        await using var db = app.Database.CreateApplicationContext(tenant.Id);
        var scan = await db.InTenantTransactionAsync(ct => db.Scans.SingleAsync(s => s.Id == scanId, ct), CancellationToken.None);
        Assert.Equal(ScanStatus.Succeeded, scan.Status);
        Assert.Null(scan.Error);
    }
}

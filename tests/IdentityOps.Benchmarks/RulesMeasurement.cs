using System.Diagnostics;
using System.Globalization;
using IdentityOps.Core.Findings.EvaluateScan;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules.Engine;

namespace IdentityOps.Benchmarks;

/// <summary>
/// Rules and rendering over a scan the benchmark just collected: evaluation (inventory read back from
/// PostgreSQL, every rule, findings stored) and the three outputs, with the process's peak working set.
/// </summary>
internal static class RulesMeasurement
{
    public const string Header = "| size | objects collected | findings | evaluate (read + rules + store) | render report.html + findings.json + findings.csv | output bytes | peak working set |";

    private static readonly RuleCatalog Catalog = new();

    public static async Task<string> MeasureAsync(string size, IdentityOpsDbContext db, Guid tenantId, Guid scanId, DateTimeOffset asOf, long inventoryRows)
    {
        db.ChangeTracker.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(25, CancellationToken.None);
            }
        });

        var evaluateClock = Stopwatch.StartNew();
        var evaluation = await new EvaluateScanCommand(db, new RuleEngine(Catalog)).RunAsync(new EvaluateScanRequest(tenantId, scanId, asOf), CancellationToken.None);
        evaluateClock.Stop();

        var renderClock = Stopwatch.StartNew();
        var report = await new GetScanReportQuery(db, Catalog).RunAsync(new GetScanReportRequest(tenantId, scanId), CancellationToken.None)
            ?? throw new InvalidOperationException($"{size}: the evaluated scan has no report.");
        var bytes = new ReportHtmlRenderer(Catalog).Render(report).Length + FindingsJsonWriter.Write(report).Length + FindingsCsvWriter.Write(report).Length;
        renderClock.Stop();

        await stop.CancelAsync();
        await sampling;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {size} | {inventoryRows:N0} | {evaluation.Findings:N0} | {evaluateClock.Elapsed.TotalSeconds:F1} s | {renderClock.Elapsed.TotalSeconds:F1} s | {bytes / 1024.0 / 1024.0:F1} MiB | {peak / 1024 / 1024:N0} MiB |");
    }
}

using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Scans.RunScan;
using IdentityOps.Core.Scans.Snapshot;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Scans;

public static class ScansServiceCollectionExtensions
{
    /// <summary>Registers the scan use cases, the Graph collector they drive, and the rules and reports a scan ends with.</summary>
    public static IServiceCollection AddScans(this IServiceCollection services)
    {
        services.AddRules();
        services.AddReports();
        services.AddSingleton<GraphCollector>();
        services.AddScoped<RunScanCommand>();
        services.AddScoped<SnapshotScanCommand>();
        return services;
    }
}

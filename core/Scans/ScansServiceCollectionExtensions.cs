using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Scans.RunScan;
using IdentityOps.Core.Scans.Snapshot;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Scans;

public static class ScansServiceCollectionExtensions
{
    /// <summary>Registers the scan use cases and the Graph collector they drive.</summary>
    public static IServiceCollection AddScans(this IServiceCollection services)
    {
        services.AddSingleton<GraphCollector>();
        services.AddScoped<RunScanCommand>();
        services.AddScoped<SnapshotScanCommand>();
        return services;
    }
}

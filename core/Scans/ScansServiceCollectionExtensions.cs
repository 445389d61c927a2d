using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Scans.GetScan;
using IdentityOps.Core.Scans.ListScans;
using IdentityOps.Core.Scans.ProcessScanJob;
using IdentityOps.Core.Scans.RunScan;
using IdentityOps.Core.Scans.Snapshot;
using IdentityOps.Core.Scans.StartScan;
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
        services.AddScoped<StartScanCommand>();
        services.AddScoped<ProcessScanJobCommand>();
        services.AddScoped<AbandonScanJobCommand>();
        services.AddScoped<ListScansQuery>();
        services.AddScoped<GetScanQuery>();
        services.AddOptions<ScanJobOptions>().BindConfiguration(ScanJobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

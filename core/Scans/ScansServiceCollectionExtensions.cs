using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules;
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
    /// <summary>Registers the scan use cases, the Graph collector they drive, and the rules and reports a scan ends with.</summary>
    public static IServiceCollection AddScans(this IServiceCollection services)
    {
        services.AddRules();
        services.AddReports();
        services.AddSingleton<GraphCollector>();
        services.AddScoped<RunScanCommand>();
        services.AddScoped<SnapshotScanCommand>();
        services.AddScoped<ListScansQuery>();
        services.AddScoped<GetScanQuery>();
        return services;
    }

    /// <summary>
    /// Scans as jobs run as the admin who asked: starting one (a delegated session and a queued job),
    /// running it from the queue, and abandoning it from the poison queue. Needs <c>AddDelegatedSessions</c>
    /// and an <see cref="IScanJobSender"/> from the host.
    /// </summary>
    public static IServiceCollection AddScanJobs(this IServiceCollection services)
    {
        services.AddScoped<StartScanCommand>();
        services.AddScoped<ProcessScanJobCommand>();
        services.AddScoped<AbandonScanJobCommand>();
        services.AddOptions<ScanJobOptions>().BindConfiguration(ScanJobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

using IdentityOps.Core.Findings;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Scanning.ApplicationRemoved;
using IdentityOps.Core.Scanning.GetScan;
using IdentityOps.Core.Scanning.ListScans;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Core.Scanning.StartScan;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Scanning;

public static class ScanningServiceCollectionExtensions
{
    /// <summary>Registers the scan use cases, the Graph collector they drive, and the rules and reports a scan ends with.</summary>
    public static IServiceCollection AddScanning(this IServiceCollection services)
    {
        services.AddRules();
        services.AddFindings();
        services.AddReports();
        services.AddSingleton<GraphCollector>();
        services.AddScoped<RunScanCommand>();
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
        services.AddSingleton<ScanJobSessionSeal>();
        services.AddScoped<ConfirmApplicationRemovedCommand>();
        services.AddScoped<StartScanCommand>();
        services.AddScoped<ProcessScanJobCommand>();
        services.AddScoped<AbandonScanJobCommand>();
        services.AddOptions<ScanJobOptions>().BindConfiguration(ScanJobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

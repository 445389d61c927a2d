using IdentityOps.Core.Alerts;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning;
using IdentityOps.Core.Team;
using IdentityOps.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// What every host that serves tenants runs, each capability registered once, here: persistence,
    /// tenancy (with the team-role authorization both hosts' policies use), scanning and scans as
    /// jobs, lifecycle and alerts. The web app and the Functions worker call it once and add only what
    /// is theirs: the host's sign-in and its kind of delegated session (<c>AddDelegatedSessions</c>),
    /// its Data Protection (<c>AddTokenProtection</c>), an <c>IScanJobSender</c>, and its own surface.
    /// </summary>
    public static IServiceCollection AddIdentityOpsCore(this IServiceCollection services)
    {
        services.AddPersistence();
        services.AddTenancy();
        services.AddTeam();
        services.AddScanning();
        services.AddScanJobs();
        services.AddLifecycle();
        services.AddAlerts();
        return services;
    }
}

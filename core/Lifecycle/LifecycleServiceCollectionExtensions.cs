using IdentityOps.Core.Lifecycle.DeleteTenantNow;
using IdentityOps.Core.Lifecycle.ExportTenantData;
using IdentityOps.Core.Lifecycle.OnboardTenant;
using IdentityOps.Core.Lifecycle.Subscription;
using IdentityOps.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Lifecycle;

public static class LifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Onboarding, offboarding, cancel and restore, export and immediate deletion, all as the application
    /// role. Immediate deletion only marks the tenant due now; the purge (<see cref="AddPurge"/>) deletes it.
    /// </summary>
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddScoped<OnboardTenantCommand>();
        services.AddScoped<OffboardTenantCommand>();
        services.AddScoped<RestoreTenantCommand>();
        services.AddScoped<CancelSubscriptionCommand>();
        services.AddScoped<RestoreSubscriptionCommand>();
        services.AddScoped<RequestTenantDeletionCommand>();
        services.AddScoped<ConfirmTenantDeletionCommand>();
        services.AddScoped<ExportTenantDataQuery>();
        return services;
    }

    /// <summary>
    /// The purge, on its own role and connection (<c>Database:PurgeConnectionString</c>): only a host that
    /// purges calls this (the Functions worker, the command line, the web app in local demo mode), so the
    /// purge credential is in no other process (issue 18, item 2). Its role can touch only tenants whose
    /// purge is due, whoever holds it.
    /// </summary>
    public static IServiceCollection AddPurge(this IServiceCollection services)
    {
        services.AddOptions<PurgeDatabaseOptions>().BindConfiguration("Database").ValidateDataAnnotations();
        services.AddSingleton(sp => PurgeDataSource.Create(sp.GetRequiredService<IOptions<PurgeDatabaseOptions>>().Value.PurgeConnectionString));
        services.AddScoped<PurgeDueTenantsCommand>();
        return services;
    }
}

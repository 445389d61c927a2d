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
    /// <summary>Onboarding, offboarding, cancel and restore, export, immediate deletion (app role) and the day-30 purge (its own role and connection).</summary>
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddOptions<PurgeDatabaseOptions>().BindConfiguration("Database").ValidateDataAnnotations();
        services.AddSingleton(sp => PurgeDataSource.Create(sp.GetRequiredService<IOptions<PurgeDatabaseOptions>>().Value.PurgeConnectionString));
        services.AddScoped<OnboardTenantCommand>();
        services.AddScoped<OffboardTenantCommand>();
        services.AddScoped<RestoreTenantCommand>();
        services.AddScoped<PurgeDueTenantsCommand>();
        services.AddScoped<CancelSubscriptionCommand>();
        services.AddScoped<RestoreSubscriptionCommand>();
        services.AddScoped<RequestTenantDeletionCommand>();
        services.AddScoped<ConfirmTenantDeletionCommand>();
        services.AddScoped<ExportTenantDataQuery>();
        return services;
    }
}

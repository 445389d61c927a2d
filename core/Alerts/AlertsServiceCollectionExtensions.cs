using IdentityOps.Core.Alerts.ListAlertConfigurations;
using IdentityOps.Core.Alerts.SaveAlertConfiguration;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>Reading and changing a tenant's alert settings.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddScoped<ListAlertConfigurationsQuery>();
        services.AddScoped<SaveAlertConfigurationCommand>();
        return services;
    }
}

using IdentityOps.Core.Alerts.DeliverWebhooks;
using IdentityOps.Core.Alerts.Delivery;
using IdentityOps.Core.Alerts.Digests;
using IdentityOps.Core.Alerts.ListAlertConfigurations;
using IdentityOps.Core.Alerts.ManageWebhooks;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Alerts.RunDueAlerts;
using IdentityOps.Core.Alerts.SaveAlertConfiguration;
using IdentityOps.Core.Alerts.Unsubscribe;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Alert settings, the alert run (digests, outbox, SMTP, webhooks) and unsubscribe. Needs the host's
    /// Data Protection as configured by <c>AddTokenProtection</c> (AES-256-GCM, keys encrypted at rest)
    /// for webhook secrets, webhook URLs and unsubscribe tokens, and the options <c>Alerts</c>, <c>Alerts:Smtp</c> and
    /// <c>Database:SchedulerConnectionString</c>, checked when they are first used.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertQuotaOptions>().BindConfiguration(AlertQuotaOptions.Section).ValidateDataAnnotations();
        services.AddScoped<ListAlertConfigurationsQuery>();
        services.AddScoped<SaveAlertConfigurationCommand>();
        services.AddScoped<ListDeliveries.ListAlertDeliveriesQuery>();
        services.AddScoped<ListWebhooks.ListWebhookEndpointsQuery>();
        services.AddAlertRun();
        services.AddWebhooks();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddScoped<UnsubscribeCommand>();
        return services;
    }

    private static void AddAlertRun(this IServiceCollection services)
    {
        services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.Section).ValidateDataAnnotations();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations();
        services.AddOptions<SchedulerDatabaseOptions>().BindConfiguration("Database").ValidateDataAnnotations();
        services.AddSingleton(sp => SchedulerDataSource.Create(sp.GetRequiredService<IOptions<SchedulerDatabaseOptions>>().Value.SchedulerConnectionString));
        services.AddSingleton<IAlertMailSender, MailKitAlertSender>();
        services.AddScoped<ComputeDueDigestsCommand>();
        services.AddScoped<QueueDueAlertsCommand>();
        services.AddScoped<SendPendingAlertsCommand>();
        services.AddSingleton<RunDueAlertsCommand>();
    }

    private static void AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<IOutboundDnsResolver, SystemDnsResolver>();
        services.AddSingleton<Trust.IOutboundPolicyProbe, WebhookOutboundPolicyProbe>();
        services.AddSingleton(sp => new WebhookTransport(sp.GetRequiredService<IOutboundDnsResolver>()));
        services.AddSingleton<WebhookSigningSecrets>();
        services.AddSingleton<WebhookUrlProtection>();
        services.AddScoped<CreateWebhookEndpointCommand>();
        services.AddScoped<RotateWebhookSecretCommand>();
        services.AddScoped<DeliverWebhooksCommand>();
    }
}

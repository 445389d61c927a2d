using IdentityOps.Core.Alerts;
using IdentityOps.Core.Findings.ListFindings;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Web.Alerts;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Demo;
using IdentityOps.Web.Scans;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdentityOps.Web.Extensions;

/// <summary>The web host's one composition root.</summary>
internal static class Extensions
{
    public static async Task AddApplicationServicesAsync(this WebApplicationBuilder builder)
    {
        builder.Services.AddPersistence();
        builder.Services.AddTenancy();
        builder.Services.AddScanning();
        builder.Services.AddScanJobs();
        builder.Services.AddLifecycle();
        builder.Services.AddAlerts();
        builder.Services.AddInventoryQueries();
        builder.Services.AddTrust();
        builder.Services.AddSingleton<ISessionPolicyProbe, ServerSessionPolicyProbe>();
        builder.Services.AddProblemDetails();
        builder.AddWebAuthentication();
        builder.AddInProcessScanJobs();
        if (InProcessAlertsRunner.IsConfigured(builder.Configuration))
        {
            builder.Services.AddHostedService<InProcessAlertsRunner>();
        }

        if (builder.Configuration.IsDemo())
        {
            await builder.AddDemoGraphAsync();
        }

        builder.Services.AddRazorPages(pages =>
        {
            // Everything is for the tenant's team unless a page says otherwise; admin pages say so on their model.
            pages.Conventions.AuthorizeFolder("/", WebPolicies.TenantReader);
            pages.Conventions.AllowAnonymousToPage("/Trust");
            pages.Conventions.AllowAnonymousToPage("/Error");
            pages.Conventions.AllowAnonymousToPage("/Unsubscribe");
            pages.Conventions.AllowAnonymousToPage("/Subscription"); // signed-in users of an offboarding organisation: the page challenges anonymous requests itself
        });
    }

    /// <summary>
    /// Scans run in this process with the same core job command as the Functions worker, as the
    /// signed-in admin: their Graph tokens come from their own sign-in, kept in the encrypted cache.
    /// </summary>
    private static void AddInProcessScanJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InProcessScanJobChannel>();
        builder.Services.AddSingleton<IScanJobSender>(sp => sp.GetRequiredService<InProcessScanJobChannel>());
        builder.Services.AddSingleton<InProcessScanJobRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InProcessScanJobRunner>());
        builder.Services.RemoveAll<IDelegatedSessions>();
        builder.Services.RemoveAll<IDelegatedGraphTokens>();
        builder.Services.AddScoped<SignedInUserGraphSessions>();
        builder.Services.AddScoped<IDelegatedSessions>(sp => sp.GetRequiredService<SignedInUserGraphSessions>());
        builder.Services.AddScoped<IDelegatedGraphTokens>(sp => sp.GetRequiredService<SignedInUserGraphSessions>());

        // Scoped here: the signed-in user's token source is, because Microsoft.Identity.Web's token acquisition is.
        builder.Services.RemoveAll<DelegatedGraphClientFactory>();
        builder.Services.AddScoped<DelegatedGraphClientFactory>();
    }
}

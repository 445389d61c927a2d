using IdentityOps.Core;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Identity;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Web.Alerts;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Demo;
using IdentityOps.Web.Disclosure;
using IdentityOps.Web.Scans;

namespace IdentityOps.Web.Extensions;

/// <summary>The web host's one composition root.</summary>
internal static class Extensions
{
    public static async Task AddApplicationServicesAsync(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentityOpsCore();
        builder.AddTrustPage();
        builder.Services.AddVulnerabilityDisclosure();
        builder.Services.AddAuditHeadStore(builder.Configuration); // the trust page reads the operators' published head
        builder.Services.AddProblemDetails();
        builder.AddWebAuthentication();
        builder.AddInProcessScanJobs();
        if (InProcessAlertsRunner.IsConfigured(builder.Configuration))
        {
            builder.Services.AddHostedService<InProcessAlertsRunner>();
        }

        // Whose Graph access a scan runs with, stated once (after sign-in, whose token acquisition it uses):
        // the demo's stand-in over the sample tenant, or else the signed-in admin's own sign-in.
        if (builder.Configuration.IsDemo())
        {
            await builder.AddDemoGraphAsync();

            // Only the demo purges in the web process; a deployment's purge runs in the Functions worker.
            builder.Services.AddPurge();
            builder.Services.AddHostedService<InProcessPurgeRunner>();
        }
        else
        {
            builder.Services.AddDelegatedSessions<SignedInUserGraphSessions>();
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
    /// Scans run in this process with the same core job command as the Functions worker, from an
    /// in-process queue with the Storage queue's delivery semantics.
    /// </summary>
    private static void AddInProcessScanJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InProcessScanJobChannel>();
        builder.Services.AddSingleton<IScanJobSender>(sp => sp.GetRequiredService<InProcessScanJobChannel>());
        builder.Services.AddSingleton<InProcessScanJobRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InProcessScanJobRunner>());
    }
}

using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.RunDueAlerts;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Provisioning;
using IdentityOps.Core.Scanning;
using IdentityOps.Core.Trust;
using IdentityOps.Emulator.Snapshot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Cli.Extensions;

/// <summary>The command-line host's one composition root, for the verbs that need services (scan, trust).</summary>
internal static class Extensions
{
    /// <summary>
    /// The capabilities the verbs run, against the database the verb has just provisioned and migrated
    /// (its application, purge and scheduler logins). No sign-in, no pages, no jobs. The session and
    /// outbound policies the trust checks read come with the capabilities that own them
    /// (<c>AddTrust</c>, <c>AddAlerts</c>): the same code the web app and the worker run.
    /// </summary>
    public static HostApplicationBuilder AddApplicationServices(this HostApplicationBuilder builder, ProvisionedDatabase database)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ApplicationConnectionString)}"] = database.ApplicationConnectionString,
            [$"{DatabaseOptions.Section}:{nameof(PurgeDatabaseOptions.PurgeConnectionString)}"] = database.PurgeConnectionString,
            [$"{DatabaseOptions.Section}:{nameof(SchedulerDatabaseOptions.SchedulerConnectionString)}"] = database.SchedulerConnectionString,
        });
        builder.Services.AddPersistence();
        builder.Services.AddAuditHeadStore(builder.Configuration);
        builder.Services.AddScanning();
        builder.Services.AddSnapshotScans();
        builder.Services.AddLifecycle();
        builder.Services.AddPurge(); // the trust checks read the operators' chain and the receipts as the purge
        builder.Services.AddAlerts();
        builder.Services.AddServerSessions();
        builder.Services.AddTrust();
        return builder;
    }
}

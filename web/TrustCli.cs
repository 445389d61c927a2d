using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Provisioning;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.EvaluateTrust;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Extensions;

namespace IdentityOps.Web;

/// <summary>
/// <c>IdentityOps.Web trust</c>: prints every claim of the trust catalogue with its live status, one
/// line each (status, id, evidence), against the local demo database (<c>Database:AdminConnectionString</c>,
/// provisioned and migrated like <c>scan</c> does). Exits 1 when a claim is failing, 0 otherwise:
/// a claim this process cannot show is printed as NotMet, never left out.
/// </summary>
internal static class TrustCli
{
    public const string Command = "trust";
    private const string DatabaseName = DemoDatabase.DatabaseName;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, TextWriter output)
    {
        var admin = builder.Configuration["Database:AdminConnectionString"];
        if (string.IsNullOrWhiteSpace(admin))
        {
            await output.WriteLineAsync("trust: set Database__AdminConnectionString (./build.sh trust does) so the checks have a database to read.");
            return 2;
        }

        var (database, _) = await DatabaseMigrator.ProvisionAndMigrateAsync(admin, DatabaseName, CancellationToken.None);
        builder.Configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ApplicationConnectionString)}"] = database.ApplicationConnectionString;
        builder.Configuration[$"{DatabaseOptions.Section}:{nameof(PurgeDatabaseOptions.PurgeConnectionString)}"] = database.PurgeConnectionString;
        // What the checks read, and the two host probes this binary can answer for: the web host's
        // session policy and the webhook sender's outbound policy (the same code the app runs).
        builder.Services.AddPersistence();
        builder.Services.AddLifecycle();
        builder.Services.AddTrust();
        builder.Services.AddSingleton<ISessionPolicyProbe, ServerSessionPolicyProbe>();
        builder.Services.AddSingleton<IOutboundDnsResolver, SystemDnsResolver>();
        builder.Services.AddSingleton<IOutboundPolicyProbe, WebhookOutboundPolicyProbe>();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<EvaluateTrustQuery>().RunAsync(CancellationToken.None);

        var width = report.Claims.Max(c => c.Claim.Id.Length);
        foreach (var claim in report.Claims)
        {
            await output.WriteLineAsync($"{claim.Result.Status,-7} {claim.Claim.Id.PadRight(width)}  {claim.Result.Evidence}");
        }

        var met = report.Claims.Count(c => c.Result.Status == TrustStatus.Met);
        var failing = report.Claims.Count(c => c.Result.Status == TrustStatus.Failing);
        await output.WriteLineAsync($"{met} met, {report.Claims.Count - met - failing} not met, {failing} failing of {report.Claims.Count} claims");
        return failing == 0 ? 0 : 1;
    }
}

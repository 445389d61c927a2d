using System.Net;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Provisioning;

namespace IdentityOps.Web.Extensions;

/// <summary>
/// Local demo only: given an admin connection (<c>Demo:AdminConnectionString</c>), provision the demo
/// database, apply the migrations and point the app at its application-role login. Refused outside
/// Development and on any address but loopback, so no deployed instance can run this way.
/// </summary>
internal static class DemoDatabase
{
    public const string DatabaseName = "identityops_demo";

    public static async Task PrepareDemoDatabaseAsync(this WebApplicationBuilder builder)
    {
        var admin = builder.Configuration["Demo:AdminConnectionString"];
        if (string.IsNullOrWhiteSpace(admin))
        {
            return;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException("Demo mode runs only in the Development environment.");
        }

        if (!IsBoundToLoopbackOnly(builder.Configuration))
        {
            throw new InvalidOperationException("Demo mode must be bound to loopback only (for example --urls http://127.0.0.1:5080).");
        }

        var (database, applied) = await DatabaseMigrator.ProvisionAndMigrateAsync(admin, DatabaseName, CancellationToken.None);
        Console.WriteLine($"Demo database '{DatabaseName}' ready; migrations applied now: {(applied.Count == 0 ? "none (up to date)" : string.Join(", ", applied))}.");
        builder.Configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ApplicationConnectionString)}"] = database.ApplicationConnectionString;

        // The purge (InProcessPurgeRunner: immediate deletion and day 30) and the alerts pass run in the demo too, each as its own role.
        builder.Configuration[$"{DatabaseOptions.Section}:PurgeConnectionString"] = database.PurgeConnectionString;
        builder.Configuration[$"{DatabaseOptions.Section}:SchedulerConnectionString"] = database.SchedulerConnectionString;
    }

    /// <summary>Whether demo mode is on and allowed: demo database configured, Development, every URL on loopback.</summary>
    public static bool IsDemoAllowed(this IHostApplicationBuilder builder)
        => !string.IsNullOrWhiteSpace(builder.Configuration["Demo:AdminConnectionString"])
           && builder.Environment.IsDevelopment()
           && IsBoundToLoopbackOnly(builder.Configuration);

    private static bool IsBoundToLoopbackOnly(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        return urls.Length > 0 && urls.All(IsLoopback);
    }

    private static bool IsLoopback(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri)
           && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
}

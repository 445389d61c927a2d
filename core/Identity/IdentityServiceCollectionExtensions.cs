using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Identity.TokenCache;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web.TokenCacheProviders;

namespace IdentityOps.Core.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// Delegated access for scan jobs as the API's kind of session: long-running on-behalf-of sessions
    /// started from the caller's bearer token (<see cref="LongRunningGraphSessions"/>), MSAL's token cache
    /// in PostgreSQL (encrypted, tenant-scoped, no in-memory level) in place of any other, and the Graph
    /// clients that use them. Needs the host's Data Protection as <c>AddTokenProtection</c> configures it;
    /// call after Microsoft.Identity.Web's <c>EnableTokenAcquisitionToCallDownstreamApi</c>.
    /// </summary>
    public static IServiceCollection AddDelegatedSessions(this IServiceCollection services)
    {
        services.AddPostgresTokenCache();
        services.AddScoped<IDelegatedSessions, LongRunningGraphSessions>();
        services.AddSingleton<IDelegatedGraphTokens, LongRunningSessionGraphTokens>();
        services.AddSingleton<DelegatedGraphClientFactory>();
        return services;
    }

    /// <summary>
    /// Delegated access for scan jobs as a host's own kind of session, stated by the host instead of
    /// replacing the API's: <typeparamref name="TSessions"/> starts and ends sessions and hands out their
    /// Graph tokens (the web app's signed-in user, the local demo's tokenless stand-in). With the same
    /// PostgreSQL token cache and Graph clients as <see cref="AddDelegatedSessions(IServiceCollection)"/>;
    /// everything scoped, because Microsoft.Identity.Web's token acquisition is.
    /// </summary>
    public static IServiceCollection AddDelegatedSessions<TSessions>(this IServiceCollection services)
        where TSessions : class, IDelegatedSessions, IDelegatedGraphTokens
    {
        services.AddPostgresTokenCache();
        services.AddScoped<TSessions>();
        services.AddScoped<IDelegatedSessions>(sp => sp.GetRequiredService<TSessions>());
        services.AddScoped<IDelegatedGraphTokens>(sp => sp.GetRequiredService<TSessions>());
        services.AddScoped<DelegatedGraphClientFactory>();
        return services;
    }

    private static void AddPostgresTokenCache(this IServiceCollection services)
    {
        // The hosts a delegated token may go to, checked once at start: a wildcard or a URL in Graph:AdditionalHosts stops the host.
        services.AddOptions<GraphHostOptions>().BindConfiguration(GraphHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new GraphHosts(sp.GetRequiredService<IOptions<GraphHostOptions>>().Value.AdditionalHosts));

        // Replaces Microsoft.Identity.Web's own cache (in memory), whichever of its registrations ran first.
        services.AddSingleton<PostgresTokenCacheProvider>();
        services.RemoveAll<IMsalTokenCacheProvider>();
        services.AddSingleton<IMsalTokenCacheProvider>(sp => sp.GetRequiredService<PostgresTokenCacheProvider>());
    }
}

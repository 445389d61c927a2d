using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Identity.TokenCache;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Identity.Web.TokenCacheProviders;

namespace IdentityOps.Core.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// Delegated access for jobs: long-running on-behalf-of sessions, MSAL's token cache in PostgreSQL
    /// (encrypted, tenant-scoped, no in-memory level) in place of any other, and the Graph clients that
    /// use them. Call after Microsoft.Identity.Web's <c>EnableTokenAcquisitionToCallDownstreamApi</c>.
    /// </summary>
    public static IServiceCollection AddDelegatedSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTokenProtection(configuration);
        services.AddSingleton<PostgresTokenCacheProvider>();
        services.RemoveAll<IMsalTokenCacheProvider>();
        services.AddSingleton<IMsalTokenCacheProvider>(sp => sp.GetRequiredService<PostgresTokenCacheProvider>());
        services.AddScoped<IDelegatedSessions, LongRunningGraphSessions>();
        services.AddSingleton<IDelegatedGraphTokens, LongRunningSessionGraphTokens>();
        services.AddSingleton<DelegatedGraphClientFactory>();
        return services;
    }
}

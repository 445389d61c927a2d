using IdentityOps.Core.Persistence.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdentityOps.Core.Identity.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>
    /// Server-side web sessions: the <c>server_sessions</c> store, and the protector of their claims
    /// (their policy as the trust checks read it comes with <c>AddTrust</c>). Data Protection
    /// itself is configured by the host (<c>AddTokenProtection</c> in production); the session scheme
    /// (<see cref="ServerSessionOptions"/>) is added by the web app with its handler.
    /// </summary>
    public static IServiceCollection AddServerSessions(this IServiceCollection services)
    {
        services.TryAddSingleton<ServerSessionStore>();
        services.TryAddSingleton<SessionClaimsProtector>();
        return services;
    }
}

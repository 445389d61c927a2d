using IdentityOps.Core.Trust.Checks;
using IdentityOps.Core.Trust.EvaluateTrust;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Trust;

public static class TrustServiceCollectionExtensions
{
    /// <summary>
    /// The claims catalogue's live checks and <see cref="EvaluateTrustQuery"/>. Call after
    /// <c>AddPersistence()</c>. The session claims read the server sessions' policy through
    /// <see cref="ServerSessionPolicyProbe"/> (registered here, beside the checks it serves, so Identity
    /// never depends on Trust); the webhook claims need an <see cref="IOutboundPolicyProbe"/>, which
    /// <c>AddAlerts</c> brings. Without one, those claims show as not met.
    /// </summary>
    public static IServiceCollection AddTrust(this IServiceCollection services)
    {
        services.AddScoped<ITrustCheck, ReadOnlyGraphCheck>();
        services.AddScoped<ITrustCheck, MetadataOnlyCheck>();
        services.AddScoped<ITrustCheck, TenantIsolationCheck>();
        services.AddScoped<ITrustCheck, NoTenantIdInputCheck>();
        services.AddScoped<ITrustCheck, TokensEncryptedCheck>();
        services.AddScoped<ITrustCheck, KeysApartCheck>();
        services.AddScoped<ITrustCheck, SessionCookieCheck>();
        services.AddScoped<ITrustCheck, SessionRotationCheck>();
        services.AddScoped<ITrustCheck, ImmutableAuditCheck>();
        services.AddScoped<ITrustCheck, OperatorSignInCheck>();
        services.AddScoped<ITrustCheck, OffboardingCheck>();
        services.AddScoped<ITrustCheck, DeletionReceiptCheck>();
        services.AddScoped<ITrustCheck, NoAiAnalyticsCheck>();
        services.AddScoped<ITrustCheck, SignedWebhooksCheck>();
        services.AddScoped<ITrustCheck, SsrfGuardCheck>();
        services.AddSingleton<ISessionPolicyProbe, ServerSessionPolicyProbe>();
        services.AddScoped<EvaluateTrustQuery>();
        return services;
    }
}

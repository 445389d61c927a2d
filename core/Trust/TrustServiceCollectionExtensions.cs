using IdentityOps.Core.Persistence.Trust;
using IdentityOps.Core.Trust.Attestation;
using IdentityOps.Core.Trust.AttestHost;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Core.Trust.EvaluateTrust;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Trust;

public static class TrustServiceCollectionExtensions
{
    /// <summary>
    /// The claims catalogue's live checks, <see cref="EvaluateTrustQuery"/> and the public page's
    /// <see cref="TrustReportCache"/>. Call after <c>AddPersistence()</c>; calling it again adds nothing.
    /// The session claims read the server sessions' policy through <see cref="ServerSessionPolicyProbe"/>
    /// (registered here, beside the checks it serves, so Identity never depends on Trust); the webhook
    /// claims need an <see cref="IOutboundPolicyProbe"/>, which <c>AddAlerts</c> brings. The claims a host
    /// attests are also read from the hosts' signed attestations (<see cref="HostAttestationCheck"/>),
    /// verified with the public keys in the attestation key directory (<see cref="HostAttestationOptions"/>).
    /// </summary>
    public static IServiceCollection AddTrust(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(EvaluateTrustQuery)))
        {
            return services;
        }

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
        services.AddHostAttestationChecks();
        services.AddScoped<EvaluateTrustQuery>();
        services.AddSingleton<TrustReportCache>();
        return services;
    }

    /// <summary>
    /// Makes this process an attesting host named <paramref name="host"/> (<see cref="AttestingHosts"/>):
    /// at start-up and every refresh interval it signs what its own checks see of the claims it holds
    /// (<see cref="HostAttestationStartup"/>) with its key from the attestation key directory.
    /// </summary>
    public static IServiceCollection AddHostAttestation(this IServiceCollection services, string host)
    {
        services.AddTrust();
        services.AddSingleton(sp => new AttestingHost(host, () => AttestationKeyDirectory.FromConfiguration(sp.GetRequiredService<IConfiguration>())?.LoadOrCreateSigner(host)));
        services.AddScoped<AttestHostCommand>();
        services.AddHostedService<HostAttestationStartup>();
        return services;
    }

    private static void AddHostAttestationChecks(this IServiceCollection services)
    {
        services.AddOptions<HostAttestationOptions>()
            .BindConfiguration(HostAttestationOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.RefreshInterval < o.MaxAge, $"{HostAttestationOptions.Section}:RefreshInterval must be shorter than MaxAge, or a running host's attestation goes stale.")
            .ValidateOnStart();
        services.TryAddSingleton<IHostAttestationStore, HostAttestationStore>();
        services.AddSingleton<IAttestationVerifyingKeys, ConfiguredVerifyingKeys>();
        services.AddScoped<LatestHostAttestations>();
        foreach (var claimId in AttestingHosts.AttestableClaims)
        {
            services.AddScoped<ITrustCheck>(sp => new HostAttestationCheck(
                claimId,
                sp.GetRequiredService<LatestHostAttestations>(),
                sp.GetRequiredService<IAttestationVerifyingKeys>(),
                sp.GetRequiredService<IOptions<HostAttestationOptions>>(),
                sp.GetRequiredService<TimeProvider>()));
        }
    }

    /// <summary>The verifying keys of the configured attestation key directory; none when there is no directory.</summary>
    private sealed class ConfiguredVerifyingKeys(IConfiguration configuration) : IAttestationVerifyingKeys
    {
        private readonly AttestationKeyDirectory? directory = AttestationKeyDirectory.FromConfiguration(configuration);

        public AttestationVerifyingKey? KeyOf(string host) => directory?.KeyOf(host);
    }
}

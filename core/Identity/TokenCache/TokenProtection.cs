using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Identity.TokenCache;

/// <summary>How delegated tokens are protected at rest. Bound from the <c>TokenProtection</c> section.</summary>
public sealed class TokenProtectionOptions
{
    public const string Section = "TokenProtection";

    /// <summary>
    /// The Data Protection key ring's directory: apart from the database that holds the ciphertext,
    /// never in the same rows. (In Azure: a mounted share, with the keys wrapped by Key Vault.)
    /// </summary>
    [Required]
    public string KeyRingPath { get; set; } = string.Empty;

    /// <summary>A PFX whose certificate encrypts the key ring's keys at rest (otherwise they would be stored in clear).</summary>
    [Required]
    public string KeyEncryptionCertificatePath { get; set; } = string.Empty;

    public string? KeyEncryptionCertificatePassword { get; set; }

    /// <summary>How long a key is used for new ciphertext before a new one is made; older keys still decrypt. The default is 30 days.</summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "90.00:00:00")]
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a delegated session's tokens may stay in the cache, from its start. The default is 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// ASP.NET Core Data Protection, configured explicitly: its default algorithm is AES-256-CBC with
/// HMAC-SHA256 and its default key store keeps keys unencrypted (security-pitfalls 7, 8). Here the
/// algorithm is AES-256-GCM, keys live in their own directory encrypted to a certificate, and rotate.
/// </summary>
public static class TokenProtection
{
    public const string ApplicationName = "IdentityOps";

    /// <summary>The purpose of token cache ciphertext; each entry adds its own key as a sub-purpose.</summary>
    public const string TokenCachePurpose = "IdentityOps.TokenCache.v1";

    /// <summary>
    /// Data Protection for the token cache (and anything else of the host that uses it). The key
    /// encryption certificate is loaded here, at registration, because Data Protection takes its key
    /// decryption certificates only through its builder.
    /// </summary>
    public static IServiceCollection AddTokenProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenProtectionOptions>().BindConfiguration(TokenProtectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(TokenProtectionOptions.Section).Get<TokenProtectionOptions>() ?? new TokenProtectionOptions();
        if (string.IsNullOrWhiteSpace(options.KeyRingPath) || string.IsNullOrWhiteSpace(options.KeyEncryptionCertificatePath))
        {
            throw new OptionsValidationException(
                TokenProtectionOptions.Section,
                typeof(TokenProtectionOptions),
                [$"{TokenProtectionOptions.Section}:KeyRingPath and {TokenProtectionOptions.Section}:KeyEncryptionCertificatePath are required: delegated tokens are never stored without them."]);
        }

        var certificate = KeyEncryptionCertificate.Load(options);
        services.AddSingleton(certificate);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(Directory.CreateDirectory(options.KeyRingPath))
            .ProtectKeysWithCertificate(certificate.Certificate)
            .UnprotectKeysWithAnyCertificate(certificate.Certificate)
            .SetDefaultKeyLifetime(options.KeyLifetime)
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,

                // Not used with GCM (it authenticates by itself); set so the configuration reads whole.
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });
        return services;
    }

    /// <summary>The algorithm new ciphertext is written with, read from the running configuration (for the trust page and its test).</summary>
    public static string CurrentAlgorithm(IServiceProvider services)
        => services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.AuthenticatedEncryptorConfiguration is AuthenticatedEncryptorConfiguration configuration
            ? configuration.EncryptionAlgorithm.ToString()
            : "unknown";
}

/// <summary>The certificate that encrypts the key ring's keys.</summary>
public sealed class KeyEncryptionCertificate(X509Certificate2 certificate) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public static KeyEncryptionCertificate Load(TokenProtectionOptions options)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.KeyEncryptionCertificatePath, options.KeyEncryptionCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException("The key encryption certificate has no private key; the key ring could not be decrypted.");
        }

        return new KeyEncryptionCertificate(certificate);
    }

    public void Dispose() => Certificate.Dispose();
}

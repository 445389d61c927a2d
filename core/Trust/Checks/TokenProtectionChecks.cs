using IdentityOps.Core.Identity.TokenCache;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>Tokens encrypted: the algorithm new token cache ciphertext is written with, read from the running Data Protection configuration.</summary>
public sealed class TokensEncryptedCheck(IServiceProvider services) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.TokensEncrypted;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        // Asked without building it: the check must not open the cache to learn that it exists.
        if (!services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(PostgresTokenCacheProvider)))
        {
            return Task.FromResult(TrustCheckResult.NotMet("no delegated token cache in this process (the Functions host holds it)"));
        }

        var algorithm = TokenProtection.CurrentAlgorithm(services);
        return Task.FromResult(algorithm == "AES_256_GCM"
            ? TrustCheckResult.Met($"Data Protection algorithm {algorithm}; unencrypted or undecryptable cache entries are refused and removed")
            : TrustCheckResult.Failing($"Data Protection algorithm {algorithm}, not AES_256_GCM"));
    }
}

/// <summary>
/// Keys apart: where the running key ring is stored and whether its keys are encrypted at rest. The
/// public evidence says what was checked and the result; the directory and the certificate's
/// thumbprint go to the log only (the trust page is anonymous).
/// </summary>
public sealed partial class KeysApartCheck(IServiceProvider services, ILogger<KeysApartCheck> logger) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.KeysApart;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<KeyEncryptionCertificate>() is not { } certificate)
        {
            return Task.FromResult(TrustCheckResult.NotMet("no token protection key ring configured in this process (the Functions host holds it)"));
        }

        var keys = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;
        var location = keys.XmlRepository is FileSystemXmlRepository files ? files.Directory.FullName : keys.XmlRepository?.GetType().Name ?? "the default store";
        LogKeyRing(location, keys.XmlEncryptor?.GetType().Name ?? "none", certificate.Certificate.Thumbprint);
        if (keys.XmlEncryptor is null)
        {
            return Task.FromResult(TrustCheckResult.Failing("the key ring's keys are stored unencrypted"));
        }

        if (keys.XmlRepository is not FileSystemXmlRepository)
        {
            return Task.FromResult(TrustCheckResult.Failing("the key ring is not stored in a directory of its own, apart from the database"));
        }

        return Task.FromResult(TrustCheckResult.Met("the key ring is kept in a directory of its own, apart from the database, and its keys are encrypted at rest to a certificate"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trust check keys-apart: key ring at {Location}, key encryptor {Encryptor}, certificate {Thumbprint}")]
    private partial void LogKeyRing(string location, string encryptor, string thumbprint);
}

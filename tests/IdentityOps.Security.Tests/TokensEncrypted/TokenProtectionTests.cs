using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityOps.Security.Tests.TokensEncrypted;

/// <summary>
/// The token protection the Functions host registers (AddTokenProtection), read back by the live
/// checks. The raw cache rows, plaintext and tampered rows and key rotation are attacked through the
/// whole Functions host in IdentityOps.Functions.Tests (Identity/TokenCacheTests).
/// </summary>
public sealed class TokenProtectionTests : IDisposable
{
    private readonly string root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"identityops-keys-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    [Trait("Claim", TrustClaimIds.TokensEncrypted)]
    public async Task The_configured_algorithm_is_aes_256_gcm_and_the_live_check_reads_it_from_the_running_configuration()
    {
        await using var services = ConfiguredServices();
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(TokenProtection.TokenCachePurpose);
        var ciphertext = protector.Protect("refresh-token-canary"u8.ToArray());
        Assert.Equal("refresh-token-canary"u8.ToArray(), protector.Unprotect(ciphertext));

        var result = await new TokensEncryptedCheck(services).EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, result.Status);
        Assert.Contains("AES_256_GCM", result.Evidence, StringComparison.Ordinal);

        // A single flipped bit of GCM ciphertext is refused, not decrypted to something else.
        ciphertext[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(ciphertext));
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.TokensEncrypted)]
    public async Task Data_protection_with_its_default_algorithm_fails_the_check()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(root));
        services.AddSingleton<PostgresTokenCacheProvider>();
        await using var provider = services.BuildServiceProvider();

        var result = await new TokensEncryptedCheck(provider).EvaluateAsync(CancellationToken.None);

        Assert.Equal(TrustStatus.Failing, result.Status);
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.KeysApart)]
    public async Task Keys_live_encrypted_in_their_own_directory_and_the_live_check_says_so_without_naming_the_directory()
    {
        await using var services = ConfiguredServices();
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("probe").Protect([1, 2, 3]);

        var keyFiles = Directory.GetFiles(Path.Combine(root, "keyring"), "key-*.xml");
        Assert.NotEmpty(keyFiles);
        foreach (var file in keyFiles)
        {
            var xml = XDocument.Load(file);
            Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "encryptedSecret");
            Assert.DoesNotContain(xml.Descendants("masterKey"), k => k.Element("value") is not null);
        }

        var result = await new KeysApartCheck(services, NullLogger<KeysApartCheck>.Instance).EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, result.Status);

        // The evidence is public (the anonymous trust page): the directory goes to the log only.
        Assert.DoesNotContain(root, result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.KeysApart)]
    public async Task A_key_ring_stored_without_a_key_encryptor_fails_the_check()
    {
        using var certificate = CreateCertificate();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(root));
        services.AddSingleton(new KeyEncryptionCertificate(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null)));
        await using var provider = services.BuildServiceProvider();

        var result = await new KeysApartCheck(provider, NullLogger<KeysApartCheck>.Instance).EvaluateAsync(CancellationToken.None);

        Assert.Equal(TrustStatus.Failing, result.Status);
        Assert.Contains("unencrypted", result.Evidence, StringComparison.Ordinal);
    }

    private ServiceProvider ConfiguredServices()
    {
        using var certificate = CreateCertificate();
        var pfx = Path.Combine(root, "key-encryption.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TokenProtection:KeyRingPath"] = Path.Combine(root, "keyring"),
            ["TokenProtection:KeyEncryptionCertificatePath"] = pfx,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTokenProtection(configuration);
        services.AddSingleton<PostgresTokenCacheProvider>(); // registered, never built: the check only asks whether the cache exists
        return services.BuildServiceProvider();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IdentityOps key encryption (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}

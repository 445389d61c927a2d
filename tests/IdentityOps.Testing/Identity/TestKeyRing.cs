using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdentityOps.Testing.Identity;

/// <summary>A Data Protection key ring folder and key-encryption certificate made for one test class, as <c>TokenProtection</c> settings.</summary>
public static class TestKeyRing
{
    public const string CertificatePassword = "test-pfx-password";

    public static Dictionary<string, string?> Configuration(string workspace)
    {
        var certificatePath = Path.Combine(workspace, "key-encryption.pfx");
        if (!File.Exists(certificatePath))
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=IdentityOps key ring (tests)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(certificatePath, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        }

        return new Dictionary<string, string?>
        {
            ["TokenProtection:KeyRingPath"] = Path.Combine(workspace, "keys"),
            ["TokenProtection:KeyEncryptionCertificatePath"] = certificatePath,
            ["TokenProtection:KeyEncryptionCertificatePassword"] = CertificatePassword,
        };
    }
}

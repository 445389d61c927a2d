using System.Security.Cryptography;
using IdentityOps.Core.Identity.TokenCache;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Core.Trust.Attestation;

/// <summary>Signs a host's attestations. The host alone holds the private key; anyone may verify with the public one.</summary>
public interface IAttestationSigner
{
    /// <summary>A fingerprint of the verifying key (not the key): which key signed.</summary>
    string KeyId { get; }

    byte[] Sign(byte[] payload);
}

/// <summary>The public keys attestations are checked against, one per host; null when a host's key is not known here.</summary>
public interface IAttestationVerifyingKeys
{
    AttestationVerifyingKey? KeyOf(string host);
}

/// <summary>
/// ECDSA P-256 with SHA-256 (IEEE P1363 signatures). Asymmetric on purpose: a process that can verify
/// a host's attestations (the web app, the CLI) cannot forge them, unlike a shared HMAC key.
/// </summary>
public sealed class EcdsaAttestationSigner(ECDsa privateKey) : IAttestationSigner, IDisposable
{
    public string KeyId { get; } = AttestationVerifyingKey.Fingerprint(privateKey);

    public byte[] Sign(byte[] payload) => privateKey.SignData(payload, HashAlgorithmName.SHA256);

    public void Dispose() => privateKey.Dispose();
}

/// <summary>A host's public key.</summary>
public sealed class AttestationVerifyingKey(ECDsa publicKey)
{
    public string KeyId { get; } = Fingerprint(publicKey);

    public bool Verifies(HostAttestation attestation)
        => string.Equals(attestation.SignedBy, KeyId, StringComparison.Ordinal)
           && publicKey.VerifyData(attestation.Canonical(), attestation.Signature, HashAlgorithmName.SHA256);

    public static string Fingerprint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
}

/// <summary>
/// The attestation keys as files in one directory, apart from the database: <c>&lt;host&gt;.attestation.pem</c>
/// (PKCS#8 private key, owner-only, created by the host on first use) and <c>&lt;host&gt;.attestation.pub.pem</c>
/// (its public key, which is all a verifier needs; a deployment may give the verifying host only that file).
/// </summary>
public sealed class AttestationKeyDirectory(string directory) : IAttestationVerifyingKeys
{
    public string Directory { get; } = directory;

    public static AttestationKeyDirectory? FromConfiguration(IConfiguration configuration)
        => HostAttestationOptions.ResolveKeyDirectory(configuration) is { } directory ? new AttestationKeyDirectory(directory) : null;

    public string PrivateKeyPath(string host) => Path.Combine(Directory, $"{host}.attestation.pem");

    public string PublicKeyPath(string host) => Path.Combine(Directory, $"{host}.attestation.pub.pem");

    /// <summary>The host's signer: its private key, created (with the public key beside it) the first time.</summary>
    public EcdsaAttestationSigner LoadOrCreateSigner(string host)
    {
        var path = PrivateKeyPath(host);
        if (!File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Directory);
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            if (TryWrite(path, created.ExportPkcs8PrivateKeyPem(), ownerOnly: true))
            {
                File.WriteAllText(PublicKeyPath(host), created.ExportSubjectPublicKeyInfoPem());
            }
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        if (!File.Exists(PublicKeyPath(host)))
        {
            // The public half is derived, never a secret: restore it if it went missing.
            File.WriteAllText(PublicKeyPath(host), key.ExportSubjectPublicKeyInfoPem());
        }

        return new EcdsaAttestationSigner(key);
    }

    public AttestationVerifyingKey? KeyOf(string host)
    {
        var path = PublicKeyPath(host);
        if (!File.Exists(path))
        {
            return null;
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new AttestationVerifyingKey(key);
    }

    private static bool TryWrite(string path, string content, bool ownerOnly)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(new FileStream(path, options));
            writer.Write(content);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of the same host created it first: use theirs.
            return false;
        }
    }
}

/// <summary>Host attestation settings. Bound from <c>HostAttestation</c>.</summary>
public sealed class HostAttestationOptions
{
    public const string Section = "HostAttestation";

    /// <summary>
    /// The attestation key directory (see <see cref="AttestationKeyDirectory"/>). The default is
    /// <c>attestation</c> in the <c>TokenProtection:KeyRingPath</c> directory; with neither set, this host
    /// does not attest, and a verifier knows no host's key (required claims then show as failing).
    /// </summary>
    public string? KeyDirectory { get; set; }

    /// <summary>How old the freshest attestation of a host may be before its claims show as failing. The default is 3 hours.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:05:00", "2.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How often a running host attests again after start-up. The default is 1 hour, well inside <see cref="MaxAge"/>.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    public static string? ResolveKeyDirectory(IConfiguration configuration)
    {
        var directory = configuration[$"{Section}:{nameof(KeyDirectory)}"];
        if (!string.IsNullOrWhiteSpace(directory))
        {
            return directory;
        }

        var keyRing = configuration[$"{TokenProtectionOptions.Section}:{nameof(TokenProtectionOptions.KeyRingPath)}"];
        return string.IsNullOrWhiteSpace(keyRing) ? null : Path.Combine(keyRing, "attestation");
    }
}

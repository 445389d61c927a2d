using IdentityOps.Core.Identity.TokenCache;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Core.Audit.Anchors;

/// <summary>Where the audit head keys and the published heads live. Bound from <c>AuditAnchors</c>.</summary>
public sealed class AuditAnchorOptions
{
    public const string Section = "AuditAnchors";

    /// <summary>
    /// A PKCS#8 PEM file holding the ECDSA P-256 key that signs heads: configured only in the processes
    /// that anchor (the scan worker and the purge). Never inside the Data Protection key ring's directory
    /// (refused): the signing key is not one more file beside the keys that protect the tokens. Created
    /// on first use when missing (local development); the default is none.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The public key's PEM, for the processes that only verify and publish (the web app). The default is none.</summary>
    public string? PublicKeyFile { get; set; }
}

/// <summary>The configured signer and public key, loaded once; or the reason there are none.</summary>
public sealed class AuditHeadKeySource
{
    private readonly Lazy<(IAuditHeadSigner? Signer, AuditHeadPublicKey? PublicKey, string? Problem)> loaded;

    public AuditHeadKeySource(IConfiguration configuration) => loaded = new(() => Load(configuration));

    private AuditHeadKeySource(IAuditHeadSigner signer) => loaded = new((signer, signer.PublicKey, null));

    /// <summary>Null in a process that only verifies.</summary>
    public IAuditHeadSigner? Signer => loaded.Value.Signer;

    public AuditHeadPublicKey? PublicKey => loaded.Value.PublicKey;

    /// <summary>Why there is no public key (and so no verification), or null.</summary>
    public string? Problem => loaded.Value.Problem;

    /// <summary>A source over a signer made elsewhere (tests, or a Key Vault signer later).</summary>
    public static AuditHeadKeySource For(IAuditHeadSigner signer) => new(signer);

    private static (IAuditHeadSigner?, AuditHeadPublicKey?, string?) Load(IConfiguration configuration)
    {
        var signingKeyFile = configuration[$"{AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.SigningKeyFile)}"];
        var publicKeyFile = configuration[$"{AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.PublicKeyFile)}"];
        if (!string.IsNullOrWhiteSpace(signingKeyFile))
        {
            var keyRing = configuration[$"{TokenProtectionOptions.Section}:{nameof(TokenProtectionOptions.KeyRingPath)}"];
            if (!string.IsNullOrWhiteSpace(keyRing) && IsInside(signingKeyFile, keyRing))
            {
                throw new InvalidOperationException(
                    $"{AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.SigningKeyFile)} is inside the Data Protection key ring ({keyRing}): keep the audit signing key apart from the token keys.");
            }

            var signer = EcdsaAuditHeadSigner.LoadOrCreate(signingKeyFile);
            if (!string.IsNullOrWhiteSpace(publicKeyFile) && AuditHeadPublicKey.FromPem(File.ReadAllText(publicKeyFile)).KeyId != signer.PublicKey.KeyId)
            {
                throw new InvalidOperationException(
                    $"{AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.PublicKeyFile)} is not the public key of {nameof(AuditAnchorOptions.SigningKeyFile)}.");
            }

            return (signer, signer.PublicKey, null);
        }

        if (!string.IsNullOrWhiteSpace(publicKeyFile))
        {
            return File.Exists(publicKeyFile)
                ? (null, AuditHeadPublicKey.FromPem(File.ReadAllText(publicKeyFile)), null)
                : (null, null, $"the audit head public key file {publicKeyFile} does not exist");
        }

        return (null, null, $"no audit head key configured ({AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.SigningKeyFile)} or {nameof(AuditAnchorOptions.PublicKeyFile)})");
    }

    private static bool IsInside(string file, string directory)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(directory), Path.GetFullPath(file));
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}

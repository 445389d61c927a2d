using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IdentityOps.Core.Audit.Anchors;

/// <summary>
/// Signs audit heads. The process that holds one can sign but cannot hand out the key: the local
/// implementation keeps an ECDSA P-256 key in memory (<see cref="EcdsaAuditHeadSigner"/>); a Key Vault
/// key (issue 22) signs without the key ever leaving the vault. Whoever can rewrite the database
/// cannot sign a shorter chain without it, and customers verify with <see cref="PublicKey"/> alone.
/// </summary>
public interface IAuditHeadSigner
{
    AuditHeadPublicKey PublicKey { get; }

    /// <summary>ECDSA P-256 over SHA-256 of <paramref name="data"/>, as r‖s (64 bytes, the JWS <c>ES256</c> form).</summary>
    Task<byte[]> SignAsync(byte[] data, CancellationToken cancellationToken);
}

/// <summary>The public half of the audit head key: verifies heads and is published (trust page, exports).</summary>
public sealed class AuditHeadPublicKey
{
    private readonly ECDsa key;

    private AuditHeadPublicKey(ECDsa key)
    {
        this.key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException("The audit head key must be an ECDSA P-256 key.");
        }

        // RFC 7638 JWK thumbprint: members crv, kty, x, y in that order, no whitespace, SHA-256, base64url.
        var jwk = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.EncodeToString(parameters.Q.X)}\",\"y\":\"{Base64Url.EncodeToString(parameters.Q.Y)}\"}}";
        KeyId = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(jwk)));
        Pem = key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The key's RFC 7638 thumbprint, the <c>kid</c> of every head it verifies.</summary>
    public string KeyId { get; }

    /// <summary>The SubjectPublicKeyInfo in PEM (<c>-----BEGIN PUBLIC KEY-----</c>), what is published.</summary>
    public string Pem { get; }

    /// <exception cref="FormatException">The text is not the PEM of an ECDSA P-256 public key.</exception>
    public static AuditHeadPublicKey FromPem(string pem) => ImportPem(pem, "public", key => new AuditHeadPublicKey(key));

    /// <summary>Imports a PEM and builds <typeparamref name="T"/> from it; a bad PEM or curve is a <see cref="FormatException"/> saying so.</summary>
    internal static T ImportPem<T>(string pem, string half, Func<ECDsa, T> create)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return create(key);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"Not the PEM of an ECDSA P-256 {half} key: {e.Message}", e);
        }
    }

    internal static AuditHeadPublicKey Of(ECDsa privateKey)
    {
        var publicOnly = ECDsa.Create(privateKey.ExportParameters(includePrivateParameters: false));
        return new AuditHeadPublicKey(publicOnly);
    }

    /// <summary>True when this key signed exactly this head.</summary>
    public bool Verifies(SignedAuditHead head)
        => string.Equals(head.KeyId, KeyId, StringComparison.Ordinal)
           && head.Signature.Length == 64
           && key.VerifyData(head.SigningInput(), head.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>True when this key signed the anchor row of <paramref name="chain"/>.</summary>
    public bool Verifies(string chain, IAnchoredHead anchor) => Verifies(SignedAuditHead.From(chain, anchor));
}

/// <summary>
/// A local ECDSA P-256 signing key, read from a PKCS#8 PEM file. Local development and tests only
/// generate one (at run time, never in the repository); production configures the file from its
/// secret store until the key moves into Key Vault (issue 22).
/// </summary>
public sealed class EcdsaAuditHeadSigner : IAuditHeadSigner, IDisposable
{
    private readonly ECDsa key;

    private EcdsaAuditHeadSigner(ECDsa key)
    {
        this.key = key;
        PublicKey = AuditHeadPublicKey.Of(key);
    }

    public AuditHeadPublicKey PublicKey { get; }

    /// <summary>A fresh key in memory (tests, and the first run of a local deployment).</summary>
    public static EcdsaAuditHeadSigner Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <exception cref="FormatException">The text is not the PEM of an ECDSA P-256 private key.</exception>
    public static EcdsaAuditHeadSigner FromPem(string pkcs8Pem) => AuditHeadPublicKey.ImportPem(pkcs8Pem, "private", key => new EcdsaAuditHeadSigner(key));

    /// <summary>
    /// Reads the key file, or creates it (owner-only) the first time, with the public key beside it
    /// as <c>&lt;name&gt;.pub.pem</c> for the processes that only verify.
    /// </summary>
    public static EcdsaAuditHeadSigner LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var created = Generate();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using (var stream = new FileStream(path, options))
                {
                    stream.Write(Encoding.ASCII.GetBytes(created.key.ExportPkcs8PrivateKeyPem()));
                }

                File.WriteAllText(PublicKeyPathBeside(path), created.PublicKey.Pem);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        return FromPem(File.ReadAllText(path));
    }

    public static string PublicKeyPathBeside(string signingKeyPath)
        => Path.ChangeExtension(signingKeyPath, null) + ".pub.pem";

    public Task<byte[]> SignAsync(byte[] data, CancellationToken cancellationToken)
        => Task.FromResult(key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public void Dispose() => key.Dispose();
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IdentityOps.Core.Identity.TokenCache;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Core.Audit.Anchors;

/// <summary>Where the anchor signing key lives. Bound from <c>AuditAnchors</c>.</summary>
public sealed class AuditAnchorOptions
{
    public const string Section = "AuditAnchors";

    /// <summary>
    /// A file holding the HMAC-SHA256 key that signs anchored heads, apart from the database rows it
    /// vouches for (someone who can rewrite the tables cannot re-sign a shorter chain). The default is
    /// <c>audit-anchor.key</c> in the <c>TokenProtection:KeyRingPath</c> directory; with neither set,
    /// no head is anchored and the trust page says so.
    /// </summary>
    public string? KeyFile { get; set; }

    public static string? ResolveKeyFile(IConfiguration configuration)
    {
        var keyFile = configuration[$"{Section}:{nameof(KeyFile)}"];
        if (!string.IsNullOrWhiteSpace(keyFile))
        {
            return keyFile;
        }

        var keyRing = configuration[$"{TokenProtectionOptions.Section}:{nameof(TokenProtectionOptions.KeyRingPath)}"];
        return string.IsNullOrWhiteSpace(keyRing) ? null : Path.Combine(keyRing, "audit-anchor.key");
    }
}

/// <summary>The HMAC-SHA256 key that signs and checks anchored heads.</summary>
public sealed class AuditAnchorKey
{
    private readonly byte[] key;

    public AuditAnchorKey(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("An audit anchor key has at least 32 bytes.", nameof(key));
        }

        this.key = key.ToArray();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(this.key))[..16];
    }

    /// <summary>A fingerprint of the key (not the key): which key signed an anchor.</summary>
    public string KeyId { get; }

    public string Location { get; private init; } = "memory";

    /// <summary>Reads the key file, or creates it (32 random bytes, owner-only) the first time.</summary>
    public static AuditAnchorKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var created = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(created);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        return new AuditAnchorKey(File.ReadAllBytes(path)) { Location = Path.GetFullPath(path) };
    }

    public byte[] Sign(string chain, long sequence, byte[] headHash, DateTimeOffset anchoredAt)
        => HMACSHA256.HashData(key, Canonical(chain, sequence, headHash, anchoredAt));

    public bool Verifies(string chain, IAnchoredHead head)
        => string.Equals(head.SignedBy, KeyId, StringComparison.Ordinal)
           && CryptographicOperations.FixedTimeEquals(Sign(chain, head.Sequence, head.HeadHash, head.AnchoredAt), head.Signature);

    // The chain name is signed too: an anchor copied from one tenant's chain to another does not verify there.
    private static byte[] Canonical(string chain, long sequence, byte[] headHash, DateTimeOffset anchoredAt)
        => Encoding.UTF8.GetBytes(string.Join(
            '\n',
            "identityops-audit-anchor/v1",
            chain,
            sequence.ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(headHash),
            AuditHashing.ToStoredPrecision(anchoredAt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)));
}

/// <summary>The configured anchor key, loaded once; or the reason there is none.</summary>
public sealed class AuditAnchorKeySource(IConfiguration configuration)
{
    private readonly Lazy<(AuditAnchorKey? Key, string? Problem)> loaded = new(() =>
    {
        var path = AuditAnchorOptions.ResolveKeyFile(configuration);
        return path is null
            ? (null, $"no anchor key configured ({AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.KeyFile)} or {TokenProtectionOptions.Section}:{nameof(TokenProtectionOptions.KeyRingPath)})")
            : (AuditAnchorKey.LoadOrCreate(path), null);
    });

    public AuditAnchorKey? Key => loaded.Value.Key;

    public string? Problem => loaded.Value.Problem;
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IdentityOps.Core.Audit.Anchors;

/// <summary>
/// "Chain C had N links and its head hash was H at time T", signed with ECDSA P-256 / SHA-256 and
/// written as a JWS in compact serialization (RFC 7515, algorithm <c>ES256</c> of RFC 7518 §3.4: the
/// signature is r‖s, 64 bytes). Any JOSE library verifies one with the published public key; the
/// header and payload are serialized in one fixed form, so a head stored as its fields (an anchor
/// row) turns back into the very bytes that were signed.
/// </summary>
/// <param name="KeyId">The RFC 7638 thumbprint of the public key that signed it (<see cref="AuditHeadPublicKey.KeyId"/>).</param>
public sealed record SignedAuditHead(string Chain, long Sequence, byte[] HeadHash, DateTimeOffset AnchoredAt, string KeyId, byte[] Signature) : IAnchoredHead
{
    string IAnchoredHead.SignedBy => KeyId;

    public const string Algorithm = "ES256";

    /// <summary>The JWS <c>typ</c> of a head, so a head is never mistaken for some other token signed by the same key.</summary>
    public const string Type = "identityops-audit-head";

    /// <summary>The head of <paramref name="chain"/> as an anchor row stores it.</summary>
    public static SignedAuditHead From(string chain, IAnchoredHead anchor)
        => new(chain, anchor.Sequence, anchor.HeadHash, AuditHashing.ToStoredPrecision(anchor.AnchoredAt), anchor.SignedBy, anchor.Signature);

    /// <summary>Signs the head of <paramref name="chain"/> (its sequence and hash at <paramref name="anchoredAt"/>).</summary>
    public static async Task<SignedAuditHead> SignAsync(IAuditHeadSigner signer, string chain, long sequence, byte[] headHash, DateTimeOffset anchoredAt, CancellationToken cancellationToken)
    {
        var at = AuditHashing.ToStoredPrecision(anchoredAt);
        var keyId = signer.PublicKey.KeyId;
        var signature = await signer.SignAsync(SigningInput(chain, sequence, headHash, at, keyId), cancellationToken);
        return new SignedAuditHead(chain, sequence, headHash, at, keyId, signature);
    }

    /// <summary>The JWS signing input (<c>BASE64URL(header) '.' BASE64URL(payload)</c>) as ASCII bytes.</summary>
    public byte[] SigningInput() => SigningInput(Chain, Sequence, HeadHash, AnchoredAt, KeyId);

    public string ToJws() => $"{Encoding.ASCII.GetString(SigningInput())}.{Base64Url.EncodeToString(Signature)}";

    /// <summary>
    /// Reads a head in the compact form <see cref="ToJws"/> writes. Does not check the signature
    /// (<see cref="AuditHeadPublicKey.Verifies(SignedAuditHead)"/> does); refuses any other
    /// algorithm, type or serialization, so what is verified is exactly what was parsed.
    /// </summary>
    /// <exception cref="FormatException">The text is not a head in that form; the message says why.</exception>
    public static SignedAuditHead ParseJws(string jws)
    {
        ArgumentNullException.ThrowIfNull(jws);
        var parts = jws.Trim().Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("An audit head is a JWS in compact form: three base64url parts separated by dots.");
        }

        Header header;
        Payload payload;
        byte[] signature;
        try
        {
            header = JsonSerializer.Deserialize<Header>(Base64Url.DecodeFromChars(parts[0]), Json) ?? throw new FormatException("The head's JWS header is empty.");
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(parts[1]), Json) ?? throw new FormatException("The head's payload is empty.");
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new FormatException($"The audit head is not a readable JWS: {e.Message}", e);
        }

        if (header.Alg != Algorithm || header.Typ != Type || string.IsNullOrEmpty(header.Kid))
        {
            throw new FormatException($"The audit head's header must be alg {Algorithm}, typ {Type} and name its key (kid); it has alg {header.Alg}, typ {header.Typ}.");
        }

        if (!DateTimeOffset.TryParseExact(payload.AnchoredAt, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || string.IsNullOrEmpty(payload.Chain) || payload.Sequence < 1 || payload.HeadHash is not { Length: 64 })
        {
            throw new FormatException("The audit head's payload needs chain, sequence (≥ 1), a 64-hex-digit headHash and anchoredAt (yyyy-MM-ddTHH:mm:ss.ffffffZ).");
        }

        var head = new SignedAuditHead(payload.Chain, payload.Sequence, Convert.FromHexString(payload.HeadHash), at, header.Kid, signature);

        // Only the canonical serialization is accepted: the signature covers these bytes, and a head
        // re-serialized differently would verify here but not against the stored anchor.
        if (!string.Equals(Encoding.ASCII.GetString(head.SigningInput()), $"{parts[0]}.{parts[1]}", StringComparison.Ordinal))
        {
            throw new FormatException("The audit head is not in the canonical serialization IdentityOps signs (fixed member order, no whitespace).");
        }

        return head;
    }

    /// <summary>One line for people: "chain tenant:… at event 12, head 3fa2…, anchored 2026-11-25 10:00:00Z, key …".</summary>
    public string Describe()
        => $"{Chain} at event {Sequence}, head {Convert.ToHexStringLower(HeadHash)}, anchored {AnchoredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, key {KeyId}";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static byte[] SigningInput(string chain, long sequence, byte[] headHash, DateTimeOffset anchoredAt, string keyId)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(Algorithm, Type, keyId), Json);
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new Payload(chain, sequence, Convert.ToHexStringLower(headHash), AuditHashing.ToStoredPrecision(anchoredAt).ToString(TimeFormat, CultureInfo.InvariantCulture)),
            Json);
        return Encoding.ASCII.GetBytes($"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}");
    }

    // Member order is the declaration order: part of the signed form, never reorder.
    private sealed record Header(
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("typ")] string Typ,
        [property: JsonPropertyName("kid")] string Kid);

    private sealed record Payload(string Chain, long Sequence, string HeadHash, string AnchoredAt);
}

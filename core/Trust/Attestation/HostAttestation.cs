using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IdentityOps.Core.Trust.Attestation;

/// <summary>The hosts that attest, and which claims each one holds the evidence for.</summary>
public static class AttestingHosts
{
    /// <summary>The API and scan worker: it stores delegated tokens (its key ring) and binds the API's inputs.</summary>
    public const string Functions = "functions";

    /// <summary>The web app: the sign-in sessions, and delegated tokens when Entra sign-in is configured.</summary>
    public const string Web = "web";

    /// <summary>
    /// The claims each host attests when it holds them (its own check does not say "not met"). Only
    /// what lives in a process is attested; what lives in the shared database (isolation, schema,
    /// audit chains, purges) is read by whichever process shows the report.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Plan { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Functions] =
        [
            TrustClaimIds.ReadOnlyGraph, TrustClaimIds.NoTenantIdInput, TrustClaimIds.TokensEncrypted, TrustClaimIds.KeysApart,
            TrustClaimIds.NoAiAnalytics, TrustClaimIds.SignedWebhooks, TrustClaimIds.SsrfGuard,
        ],
        [Web] =
        [
            TrustClaimIds.ReadOnlyGraph, TrustClaimIds.TokensEncrypted, TrustClaimIds.KeysApart, TrustClaimIds.SessionCookieIdOnly,
            TrustClaimIds.SessionRotation, TrustClaimIds.NoAiAnalytics, TrustClaimIds.SignedWebhooks, TrustClaimIds.SsrfGuard,
        ],
    };

    /// <summary>
    /// Claims whose evidence only one host holds, so that host's fresh attestation is required: without
    /// it the claim is failing, never "not met". The Functions worker alone always stores delegated
    /// tokens (the web app only with Entra sign-in) and alone serves the API.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Required { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [TrustClaimIds.TokensEncrypted] = [Functions],
        [TrustClaimIds.KeysApart] = [Functions],
        [TrustClaimIds.NoTenantIdInput] = [Functions],
    };

    /// <summary>Every claim some host may attest: each gets a <see cref="Checks.HostAttestationCheck"/>.</summary>
    public static IReadOnlyList<string> AttestableClaims { get; } = Plan.Values.SelectMany(c => c).Concat(Required.Keys).Distinct(StringComparer.Ordinal).ToList();

    public static bool IsKnown(string host) => Plan.ContainsKey(host);
}

/// <summary>One claim as a host saw it in its own process.</summary>
public sealed record AttestedClaim(string ClaimId, TrustStatus Status, string Evidence);

/// <summary>
/// What one host saw of the claims it holds, at one time, signed with that host's own key. Stored
/// beside the data but unforgeable by whoever can write the table: the verifying key is the host's
/// public key, read from the attestation key directory, never from the database.
/// </summary>
public sealed record HostAttestation(string Host, DateTimeOffset AttestedAt, IReadOnlyList<AttestedClaim> Claims, string SignedBy, byte[] Signature)
{
    /// <summary>The bytes a signature covers: a versioned, ordered JSON of host, time (microseconds, as stored) and claims.</summary>
    public static byte[] Canonical(string host, DateTimeOffset attestedAt, IReadOnlyList<AttestedClaim> claims)
        => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new CanonicalForm(
            "identityops-host-attestation/v1",
            host,
            ToStoredPrecision(attestedAt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            claims.Select(c => new CanonicalClaim(c.ClaimId, c.Status.ToString(), c.Evidence)).ToList())));

    public byte[] Canonical() => Canonical(Host, AttestedAt, Claims);

    /// <summary>PostgreSQL keeps microseconds: the time is signed as it will read back.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time)
        => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    public AttestedClaim? For(string claimId) => Claims.FirstOrDefault(c => string.Equals(c.ClaimId, claimId, StringComparison.Ordinal));

    private sealed record CanonicalForm(string Format, string Host, string AttestedAt, IReadOnlyList<CanonicalClaim> Claims);

    private sealed record CanonicalClaim(string Claim, string Status, string Evidence);
}

/// <summary>Where attestations are kept (implemented by Persistence): appended, and read back newest first per host.</summary>
public interface IHostAttestationStore
{
    Task AppendAsync(HostAttestation attestation, CancellationToken cancellationToken);

    /// <summary>Each host's most recent attestation, whatever its signature: the verifier decides.</summary>
    Task<IReadOnlyList<HostAttestation>> LatestPerHostAsync(CancellationToken cancellationToken);
}

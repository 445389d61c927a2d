using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Audit.Anchors;

namespace IdentityOps.Core.Audit.Export;

/// <summary>One event of an exported chain, as <c>audit/chain.json</c> holds it (hashes in hex).</summary>
public sealed record ExportedAuditLink(
    long Sequence,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string Target,
    string Outcome,
    string Source,
    string PreviousHash,
    string Hash) : IAuditLink
{
    byte[] IAuditLink.PreviousHash => Convert.FromHexString(PreviousHash);

    byte[] IAuditLink.Hash => Convert.FromHexString(Hash);

    public static ExportedAuditLink From(IAuditLink link)
        => new(link.Sequence, link.OccurredAt, link.Actor, link.Action, link.Target, link.Outcome, link.Source, Convert.ToHexStringLower(link.PreviousHash), Convert.ToHexStringLower(link.Hash));
}

/// <summary>A tenant's audit trail as read back from an export: its chain, events and signed heads.</summary>
public sealed record ExportedAuditTrail(string Chain, IReadOnlyList<ExportedAuditLink> Links, IReadOnlyList<SignedAuditHead> Heads);

/// <summary>
/// The <c>audit/</c> folder of a tenant's export: the chain in a documented form, every signed head
/// of it the service holds (anchor rows and the latest published head), the public key that verifies
/// them, and how to verify it all offline. A customer who keeps each export holds heads that a later
/// deletion of events and anchors cannot take back.
/// </summary>
public static class AuditExportBundle
{
    public const string ChainFile = "audit/chain.json";
    public const string HeadsFile = "audit/heads.json";
    public const string PublicKeyFile = "audit/public-key.pem";
    public const string HowToVerifyFile = "audit/HOW-TO-VERIFY.txt";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>The bundle's files, in the order they are written.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Create(string chain, IReadOnlyList<IAuditLink> linksInSequenceOrder, IEnumerable<SignedAuditHead> heads, AuditHeadPublicKey? key)
    {
        var distinct = heads.DistinctBy(h => h.ToJws()).OrderBy(h => h.Sequence).ThenBy(h => h.AnchoredAt).ToList();
        var files = new List<(string, byte[])>
        {
            (ChainFile, JsonSerializer.SerializeToUtf8Bytes(linksInSequenceOrder.Select(ExportedAuditLink.From).ToList(), Json)),
            (HeadsFile, JsonSerializer.SerializeToUtf8Bytes(new HeadsDocument(chain, key?.KeyId, distinct.Select(h => h.ToJws()).ToList()), Json)),
        };
        if (key is not null)
        {
            files.Add((PublicKeyFile, Encoding.ASCII.GetBytes(key.Pem)));
        }

        files.Add((HowToVerifyFile, Encoding.UTF8.GetBytes(HowToVerify(chain, key))));
        return files;
    }

    /// <summary>Reads the bundle back from an export archive.</summary>
    /// <exception cref="FormatException">The archive has no readable audit bundle; the message says what is missing.</exception>
    public static ExportedAuditTrail Read(ZipArchive export)
    {
        var heads = Deserialize<HeadsDocument>(export, HeadsFile);
        var links = Deserialize<List<ExportedAuditLink>>(export, ChainFile);
        if (string.IsNullOrEmpty(heads.Chain))
        {
            throw new FormatException($"{HeadsFile} does not name its chain.");
        }

        return new ExportedAuditTrail(heads.Chain, links, (heads.Heads ?? []).Select(SignedAuditHead.ParseJws).ToList());
    }

    private static T Deserialize<T>(ZipArchive export, string name)
    {
        var entry = export.GetEntry(name) ?? throw new FormatException($"The export has no {name}: it is not an IdentityOps export with an audit trail (format identityops-export/1.1 or later).");
        using var stream = entry.Open();
        try
        {
            return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new FormatException($"{name} is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{name} is not readable: {e.Message}", e);
        }
    }

    private sealed record HeadsDocument(string Chain, string? PublicKeyId, List<string>? Heads);

    private static string HowToVerify(string chain, AuditHeadPublicKey? key) => string.Create(CultureInfo.InvariantCulture, $$"""
        How to verify the audit trail in this export
        =============================================

        chain.json holds every event of your audit chain ({{chain}}) in order; heads.json holds the
        heads of that chain the service signed (its count and last hash at a moment), each a JWS
        (RFC 7515, compact form, alg ES256 = ECDSA P-256 with SHA-256). public-key.pem verifies them
        ({{KeyLine(key)}}).

        Keep every export. A head you hold cannot be taken back: if events (and the service's own
        copies of the heads) were later deleted, a newer export no longer contains the events your
        older head covers, and verification fails.

        With the IdentityOps command line, offline:

            IdentityOps.Cli audit verify --export <this file>.zip --public-key public-key.pem \
                [--head <an earlier export .zip or a head .jws>]...

        By hand:
        1. Verify each head's signature with public-key.pem (any JOSE library; the header's kid is
           the RFC 7638 thumbprint of the key). Its payload gives chain, sequence, headHash (hex) and
           anchoredAt.
        2. Walk chain.json from sequence 1: previousHash of event 1 is 32 zero bytes, and of every
           other event the hash of the one before; hash = SHA-256(previousHash bytes followed by the
           UTF-8 JSON {"Version":1,"Chain":"{{chain}}","Sequence":n,"OccurredAt":"yyyy-MM-ddTHH:mm:ss.ffffffZ",
           "Actor":…,"Action":…,"Target":…,"Outcome":…,"Source":…}, members in that order, no
           whitespace, strings escaped as .NET's System.Text.Json does by default).
        3. For every head you hold (from this export, earlier exports or the trust page), the event
           with that sequence must exist and have that hash.

        """);

    private static string KeyLine(AuditHeadPublicKey? key)
        => key is null
            ? "this export was made by a process that holds no key: take public-key.pem from the trust page"
            : $"key id {key.KeyId}, the same key the public trust page shows";
}

/// <summary>
/// Verifies an export offline: the chain link by link, every head in the export, and every head the
/// verifier kept from before (an earlier export, a head from the trust page), all with the public
/// key alone. A deleted tail is detected even when the service's anchors were deleted too.
/// </summary>
public static class ExportAuditVerifier
{
    /// <exception cref="FormatException">The archive is not an export with an audit trail.</exception>
    public static AnchoredChainReport Verify(Stream export, AuditHeadPublicKey key, IEnumerable<SignedAuditHead> earlierHeads)
    {
        using var zip = new ZipArchive(export, ZipArchiveMode.Read, leaveOpen: true);
        var trail = AuditExportBundle.Read(zip);
        return AnchoredChainVerifier.Verify(trail.Chain, trail.Links, [], key, trail.Heads.Concat(earlierHeads));
    }
}

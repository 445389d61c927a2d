using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace IdentityOps.Core.Audit;

/// <summary>The canonical content of an audit link and its SHA-256 chain hash.</summary>
public static class AuditHashing
{
    /// <summary>The previous hash of a chain's first link.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[SHA256.HashSizeInBytes];

    public static string TenantChain(Guid tenantId) => $"tenant:{tenantId:D}";

    public const string OperatorChain = "operator";

    /// <summary>
    /// PostgreSQL keeps timestamps to the microsecond; an event's time is cut to that precision
    /// before it is hashed, so the stored row hashes to the same value when it is read back.
    /// </summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static byte[] ComputeHash(string chain, long sequence, DateTimeOffset occurredAt, AuditEntry entry, ReadOnlySpan<byte> previousHash)
    {
        // JSON with a fixed property order: unambiguous for any field content (newlines, quotes),
        // and easy to recompute in another language when a customer audits the chain themselves.
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new CanonicalContent(
            Version: 1,
            Chain: chain,
            Sequence: sequence,
            OccurredAt: ToStoredPrecision(occurredAt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            entry.Actor,
            entry.Action,
            entry.Target,
            entry.Outcome,
            entry.Source));

        var input = new byte[previousHash.Length + canonical.Length];
        previousHash.CopyTo(input);
        canonical.CopyTo(input.AsSpan(previousHash.Length));
        return SHA256.HashData(input);
    }

    public static byte[] ComputeHash(string chain, IAuditLink link)
        => ComputeHash(chain, link.Sequence, link.OccurredAt, new AuditEntry(link.Actor, link.Action, link.Target, link.Outcome, link.Source), link.PreviousHash);

    private sealed record CanonicalContent(
        int Version,
        string Chain,
        long Sequence,
        string OccurredAt,
        string Actor,
        string Action,
        string Target,
        string Outcome,
        string Source);
}

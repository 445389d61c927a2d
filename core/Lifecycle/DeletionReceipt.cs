using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace IdentityOps.Core.Lifecycle;

/// <summary>
/// Proof that a tenant's data was deleted: the tenant id, when, and how many rows went from each
/// table, sealed with a SHA-256 over that content. It holds no tenant data. Its hash is also written
/// into the operators' audit chain, so a receipt cannot be altered or dropped unnoticed.
/// </summary>
public sealed record DeletionReceipt(Guid TenantId, DateTimeOffset PurgedAt, IReadOnlyDictionary<string, long> RowsDeleted, string Sha256)
{
    public static DeletionReceipt Create(Guid tenantId, DateTimeOffset purgedAt, IReadOnlyDictionary<string, long> rowsDeleted)
    {
        var sorted = new SortedDictionary<string, long>(rowsDeleted.ToDictionary(), StringComparer.Ordinal);
        return new DeletionReceipt(tenantId, purgedAt, sorted, Hash(tenantId, purgedAt, sorted));
    }

    /// <summary>True when the content still matches its hash.</summary>
    public bool Verifies() => string.Equals(Sha256, Hash(TenantId, PurgedAt, RowsDeleted), StringComparison.Ordinal);

    private static string Hash(Guid tenantId, DateTimeOffset purgedAt, IReadOnlyDictionary<string, long> rows)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new
        {
            version = 1,
            tenantId = tenantId.ToString("D"),
            purgedAt = purgedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            rowsDeleted = rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new { table = r.Key, rows = r.Value }),
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}

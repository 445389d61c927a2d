using Npgsql;

namespace IdentityOps.Core.Persistence.Identity;

/// <summary>One stored token cache entry: Data Protection ciphertext and the end of its session's lifetime.</summary>
public sealed record StoredTokenCacheEntry(byte[] ProtectedValue, DateTimeOffset? AbsoluteExpiresAt);

/// <summary>
/// <c>token_cache_entries</c>: one row per long-running session or web-app user, each read and written in
/// a transaction of its own under the tenant the row's key names. The cache is shared by every tenant's
/// jobs, so every call names its tenant and row-level security holds it to that tenant. Stores ciphertext
/// only; what may be read back is the token cache provider's decision.
/// </summary>
public sealed class TokenCacheStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Reads an entry and lets <paramref name="keep"/> judge it; an entry it refuses is removed in the same
    /// transaction. Null when there is no such entry.
    /// </summary>
    public Task<StoredTokenCacheEntry?> ReadAsync(Guid tenantId, string entryId, Func<StoredTokenCacheEntry, bool> keep, CancellationToken cancellationToken)
        => dataSource.InTenantAsync(
            tenantId,
            async (connection, transaction) =>
            {
                await using var select = new NpgsqlCommand(
                    "SELECT protected_value, absolute_expires_at FROM token_cache_entries WHERE tenant_id = @tenant AND entry_id = @key",
                    connection,
                    transaction);
                select.Parameters.AddWithValue("tenant", tenantId);
                select.Parameters.AddWithValue("key", entryId);
                StoredTokenCacheEntry entry;
                await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        return null;
                    }

                    entry = new StoredTokenCacheEntry(reader.GetFieldValue<byte[]>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
                }

                if (!keep(entry))
                {
                    await DeleteRowAsync(connection, transaction, tenantId, entryId, cancellationToken);
                }

                return entry;
            },
            cancellationToken);

    /// <summary>
    /// Writes an entry's ciphertext. A new entry ends at <paramref name="expiresAt"/>; an existing one keeps its end
    /// (the session's lifetime runs from its start: a refresh rewrites the value, never the end).
    /// </summary>
    public Task WriteAsync(Guid tenantId, string entryId, byte[] protectedValue, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => dataSource.InTenantAsync(
            tenantId,
            async (connection, transaction) =>
            {
                await using var upsert = new NpgsqlCommand(
                    """
                    INSERT INTO token_cache_entries (tenant_id, entry_id, protected_value, expires_at, absolute_expires_at)
                    VALUES (@tenant, @key, @value, @expires, @expires)
                    ON CONFLICT (tenant_id, entry_id) DO UPDATE SET protected_value = excluded.protected_value
                    """,
                    connection,
                    transaction);
                upsert.Parameters.AddWithValue("tenant", tenantId);
                upsert.Parameters.AddWithValue("key", entryId);
                upsert.Parameters.AddWithValue("value", protectedValue);
                upsert.Parameters.AddWithValue("expires", expiresAt);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    public Task DeleteAsync(Guid tenantId, string entryId, CancellationToken cancellationToken)
        => dataSource.InTenantAsync(
            tenantId,
            async (connection, transaction) =>
            {
                await DeleteRowAsync(connection, transaction, tenantId, entryId, cancellationToken);
                return true;
            },
            cancellationToken);

    private static async Task DeleteRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, string entryId, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand("DELETE FROM token_cache_entries WHERE tenant_id = @tenant AND entry_id = @key", connection, transaction);
        delete.Parameters.AddWithValue("tenant", tenantId);
        delete.Parameters.AddWithValue("key", entryId);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}

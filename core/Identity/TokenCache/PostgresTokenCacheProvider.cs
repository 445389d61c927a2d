using System.Security.Cryptography;
using IdentityOps.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web.TokenCacheProviders;
using Npgsql;

namespace IdentityOps.Core.Identity.TokenCache;

/// <summary>
/// MSAL's token cache in PostgreSQL (<c>token_cache_entries</c>), one row per long-running session,
/// scoped to the tenant named by the session key, encrypted with Data Protection (AES-256-GCM, see
/// <see cref="TokenProtection"/>) under a purpose bound to the row's key.
/// <para>
/// Why not Microsoft.Identity.Web's distributed adapter with <c>Encrypt = true</c>: its read falls
/// back to the raw bytes when decryption fails (<c>MsalAbstractTokenCacheProvider.UnprotectBytes</c>),
/// so a plaintext row written into the table would be used, silently; and its in-memory first level
/// can serve a session another process refreshed or the purge deleted. Here the base class gets no
/// protector, there is no first level, and a value that is not our ciphertext, or that does not
/// decrypt, is a hard failure: the row is removed and the session must be started again (re-consent).
/// </para>
/// </summary>
public sealed partial class PostgresTokenCacheProvider(
    NpgsqlDataSource dataSource,
    IDataProtectionProvider protection,
    IOptions<TokenProtectionOptions> options,
    TimeProvider time,
    ILogger<PostgresTokenCacheProvider> logger) : MsalAbstractTokenCacheProvider(dataProtector: null)
{
    /// <summary>Data Protection's magic header: every payload it produces starts with these bytes.</summary>
    private static readonly byte[] ProtectedPayloadHeader = [0x09, 0xF0, 0xC9, 0xF0];

    private readonly IDataProtector protector = protection.CreateProtector(TokenProtection.TokenCachePurpose);

    /// <summary>Removes a session's row (the end of a job, or an orphaned session).</summary>
    public Task DeleteAsync(string cacheKey, CancellationToken cancellationToken)
        => TokenCacheKey.TryGetTenant(cacheKey, out var tenantId)
            ? InTenantAsync(tenantId, (connection, transaction) => DeleteRowAsync(connection, transaction, tenantId, cacheKey, cancellationToken), cancellationToken)
            : Task.CompletedTask;

    protected override Task<byte[]?> ReadCacheBytesAsync(string cacheKey) => ReadCacheBytesAsync(cacheKey, new CacheSerializerHints());

    protected override async Task<byte[]?> ReadCacheBytesAsync(string cacheKey, CacheSerializerHints cacheSerializerHints)
    {
        // Only tenant-scoped keys are ever written, so nothing can be stored under any other key.
        if (!TokenCacheKey.TryGetTenant(cacheKey, out var tenantId))
        {
            return null;
        }

        if (DeferredTokenCacheWrites.Current is { } deferred && deferred.TryGet(cacheKey, out var pending))
        {
            return pending;
        }

        var cancellationToken = cacheSerializerHints.CancellationToken;
        var refusal = (string?)null;
        var plaintext = await InTenantAsync(
            tenantId,
            async (connection, transaction) =>
            {
                await using var select = new NpgsqlCommand(
                    "SELECT protected_value, absolute_expires_at FROM token_cache_entries WHERE tenant_id = @tenant AND entry_id = @key",
                    connection,
                    transaction);
                select.Parameters.AddWithValue("tenant", tenantId);
                select.Parameters.AddWithValue("key", cacheKey);
                byte[] value;
                DateTimeOffset? expiresAt;
                await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        return null;
                    }

                    value = reader.GetFieldValue<byte[]>(0);
                    expiresAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
                }

                if (expiresAt is { } end && end <= time.GetUtcNow())
                {
                    await DeleteRowAsync(connection, transaction, tenantId, cacheKey, cancellationToken);
                    return null;
                }

                refusal = Unprotect(cacheKey, value, out var bytes);
                if (refusal is not null)
                {
                    await DeleteRowAsync(connection, transaction, tenantId, cacheKey, cancellationToken);
                }

                return bytes;
            },
            cancellationToken);

        if (refusal is not null)
        {
            LogRefused(tenantId, refusal);
            throw new TokenCacheUnreadableException(refusal);
        }

        return plaintext;
    }

    protected override Task WriteCacheBytesAsync(string cacheKey, byte[] bytes) => WriteCacheBytesAsync(cacheKey, bytes, new CacheSerializerHints());

    protected override Task WriteCacheBytesAsync(string cacheKey, byte[] bytes, CacheSerializerHints cacheSerializerHints)
    {
        if (!TokenCacheKey.TryGetTenant(cacheKey, out var tenantId))
        {
            throw new InvalidOperationException("IdentityOps caches only tenant-scoped keys (long-running sessions, web-app users); this token cache key is not one.");
        }

        if (DeferredTokenCacheWrites.Current is { } deferred && TokenCacheKey.TryGetWebAppUserTenant(cacheKey, out _))
        {
            deferred.Put(cacheKey, bytes);
            return Task.CompletedTask;
        }

        return WriteRowAsync(tenantId, cacheKey, bytes, cacheSerializerHints.CancellationToken);
    }

    /// <summary>
    /// Writes the deferred entries of <paramref name="tenantId"/> (its id token validated, its tenant
    /// onboarded); entries of any other tenant are dropped.
    /// </summary>
    public async Task FlushAsync(DeferredTokenCacheWrites writes, Guid tenantId, CancellationToken cancellationToken)
    {
        foreach (var (key, bytes) in writes.Take())
        {
            if (TokenCacheKey.TryGetWebAppUserTenant(key, out var keyTenant) && keyTenant == tenantId)
            {
                // A sign-in starts the user's cache lifetime afresh (a write alone keeps the row's end).
                await DeleteAsync(key, cancellationToken);
                await WriteRowAsync(tenantId, key, bytes, cancellationToken);
            }
        }
    }

    private Task<bool> WriteRowAsync(Guid tenantId, string cacheKey, byte[] bytes, CancellationToken cancellationToken)
    {
        var ciphertext = protector.CreateProtector(cacheKey).Protect(bytes);
        var expiresAt = time.GetUtcNow() + options.Value.SessionLifetime;
        return InTenantAsync(
            tenantId,
            async (connection, transaction) =>
            {
                // The session's lifetime runs from its start: a refresh rewrites the value, never the end.
                await using var upsert = new NpgsqlCommand(
                    """
                    INSERT INTO token_cache_entries (tenant_id, entry_id, protected_value, expires_at, absolute_expires_at)
                    VALUES (@tenant, @key, @value, @expires, @expires)
                    ON CONFLICT (tenant_id, entry_id) DO UPDATE SET protected_value = excluded.protected_value
                    """,
                    connection,
                    transaction);
                upsert.Parameters.AddWithValue("tenant", tenantId);
                upsert.Parameters.AddWithValue("key", cacheKey);
                upsert.Parameters.AddWithValue("value", ciphertext);
                upsert.Parameters.AddWithValue("expires", expiresAt);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
                return true;
            },
            cancellationToken);
    }

    protected override Task RemoveKeyAsync(string cacheKey) => DeleteAsync(cacheKey, CancellationToken.None);

    protected override Task RemoveKeyAsync(string cacheKey, CacheSerializerHints cacheSerializerHints) => DeleteAsync(cacheKey, cacheSerializerHints.CancellationToken);

    private string? Unprotect(string cacheKey, byte[] value, out byte[]? plaintext)
    {
        plaintext = null;
        if (!value.AsSpan().StartsWith(ProtectedPayloadHeader))
        {
            return "a token cache entry was not Data Protection ciphertext (plaintext or foreign data); it was refused and removed";
        }

        try
        {
            plaintext = protector.CreateProtector(cacheKey).Unprotect(value);
            return null;
        }
        catch (CryptographicException)
        {
            return "a token cache entry did not decrypt (altered, moved from another session, or its key is no longer in the key ring); it was refused and removed";
        }
    }

    private async Task InTenantAsync(Guid tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken)
        => await InTenantAsync<bool>(
            tenantId,
            async (connection, transaction) =>
            {
                await work(connection, transaction);
                return true;
            },
            cancellationToken);

    // The cache is shared by every tenant's jobs, so it sets the tenant of each row it touches itself,
    // transaction-locally as everywhere else, and row-level security holds it to that tenant.
    private Task<T> InTenantAsync<T>(Guid tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
        => dataSource.InTenantAsync(tenantId, work, cancellationToken);

    private static async Task DeleteRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, string cacheKey, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand("DELETE FROM token_cache_entries WHERE tenant_id = @tenant AND entry_id = @key", connection, transaction);
        delete.Parameters.AddWithValue("tenant", tenantId);
        delete.Parameters.AddWithValue("key", cacheKey);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token cache of tenant {TenantId}: {Refusal}; the admin must start a new session")]
    private partial void LogRefused(Guid tenantId, string refusal);
}

/// <summary>A token cache entry could not be trusted; the session is gone and the admin must sign in again.</summary>
public sealed class TokenCacheUnreadableException(string message) : Exception(message);

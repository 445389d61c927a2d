using System.Security.Cryptography;
using IdentityOps.Core.Persistence.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web.TokenCacheProviders;

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
    TokenCacheStore store,
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
            ? store.DeleteAsync(tenantId, cacheKey, cancellationToken)
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
        var plaintext = (byte[]?)null;
        await store.ReadAsync(
            tenantId,
            cacheKey,
            entry =>
            {
                // An entry past its session's end, or one that is not ours to trust, is removed as it is read.
                if (entry.AbsoluteExpiresAt is { } end && end <= time.GetUtcNow())
                {
                    return false;
                }

                refusal = Unprotect(cacheKey, entry.ProtectedValue, out plaintext);
                return refusal is null;
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

    private Task WriteRowAsync(Guid tenantId, string cacheKey, byte[] bytes, CancellationToken cancellationToken)
        => store.WriteAsync(tenantId, cacheKey, protector.CreateProtector(cacheKey).Protect(bytes), time.GetUtcNow() + options.Value.SessionLifetime, cancellationToken);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token cache of tenant {TenantId}: {Refusal}; the admin must start a new session")]
    private partial void LogRefused(Guid tenantId, string refusal);
}

/// <summary>A token cache entry could not be trusted; the session is gone and the admin must sign in again.</summary>
public sealed class TokenCacheUnreadableException(string message) : Exception(message);

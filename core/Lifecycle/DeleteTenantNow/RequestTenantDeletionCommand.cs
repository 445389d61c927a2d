using System.Security.Cryptography;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;

namespace IdentityOps.Core.Lifecycle.DeleteTenantNow;

public sealed record RequestTenantDeletionRequest(Guid TenantId, Guid RequestedBy);

/// <param name="Token">Shown to the admin once, in the confirmation form; never stored.</param>
public sealed record TenantDeletionChallenge(string Token, DateTimeOffset ExpiresAt);

/// <summary>Step one of immediate deletion: issues the single-use confirmation token (audited).</summary>
public sealed class RequestTenantDeletionCommand(IdentityOpsDbContext db, TenantAuditTrail audit, TimeProvider time)
{
    /// <summary>How long the admin has to confirm. Short, so a form left open cannot delete later.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromSeconds(90);

    public Task<TenantDeletionChallenge> RequestAsync(RequestTenantDeletionRequest request, CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = time.GetUtcNow() + ConfirmationLifetime;
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                db.TenantDeletionConfirmations.Add(new TenantDeletionConfirmation
                {
                    TenantId = request.TenantId,
                    ConfirmationHash = Hash(token),
                    RequestedBy = request.RequestedBy,
                    ExpiresAt = expiresAt,
                });
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.RequestedBy:D}", "tenant.deletion-requested", "tenant", "awaiting confirmation", "web"), ct);
                return new TenantDeletionChallenge(token, expiresAt);
            },
            cancellationToken);
    }

    internal static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

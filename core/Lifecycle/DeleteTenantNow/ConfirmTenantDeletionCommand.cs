using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Lifecycle.DeleteTenantNow;

public sealed record ConfirmTenantDeletionRequest(Guid TenantId, Guid ConfirmedBy, string Token);

public enum TenantDeletionOutcome
{
    /// <summary>
    /// Access has ended and the tenant's purge is due now: the purge job deletes everything within
    /// <see cref="PurgeSchedule.Cron"/>'s period and records the receipt on the operators' chain.
    /// </summary>
    Confirmed,

    /// <summary>The token is unknown, already used, expired or another admin's: nothing was deleted.</summary>
    Refused,
}

/// <param name="PurgeDueAt">When the purge became due: the moment of confirmation. Null when refused.</param>
public sealed record TenantDeletionResult(TenantDeletionOutcome Outcome, DateTimeOffset? PurgeDueAt);

/// <summary>
/// Step two: spends the token (one atomic update, so a double submit or a replay confirms nothing
/// twice and an old token nothing at all) and starts offboarding with the purge due now. This is the
/// "confirmed deletion" mark the purge role's policy admits (offboarding, purge date passed): the
/// application role can set it only on its own tenant's row, and deletes nothing itself. The purge job,
/// in its own process with its own credential, deletes the tenant on its next run (issue 18, item 2):
/// the same code and the same receipt as on day 30.
/// </summary>
public sealed class ConfirmTenantDeletionCommand(IdentityOpsDbContext db, TenantAuditTrail audit, TimeProvider time)
{
    public async Task<TenantDeletionResult> ConfirmAsync(ConfirmTenantDeletionRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var confirmed = await db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                if (string.IsNullOrEmpty(request.Token) || request.Token.Length > 64)
                {
                    return false;
                }

                var hash = RequestTenantDeletionCommand.Hash(request.Token);
                var spent = await db.TenantDeletionConfirmations
                    .Where(c => c.TenantId == request.TenantId && c.ConfirmationHash == hash && c.RequestedBy == request.ConfirmedBy && c.UsedAt == null && c.ExpiresAt > now)
                    .ExecuteUpdateAsync(c => c.SetProperty(x => x.UsedAt, now), ct);
                if (spent != 1)
                {
                    return false;
                }

                var tenant = await db.Tenants.SingleAsync(ct);
                tenant.Status = TenantStatus.Offboarding;
                tenant.SubscriptionState = SubscriptionState.Cancelled;
                tenant.OffboardedAt ??= now;
                tenant.PurgeAfter = now;
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.ConfirmedBy:D}", "tenant.deletion-confirmed", "tenant", "purge now", "web"), ct);
                return true;
            },
            cancellationToken);

        return confirmed
            ? new TenantDeletionResult(TenantDeletionOutcome.Confirmed, now)
            : new TenantDeletionResult(TenantDeletionOutcome.Refused, null);
    }
}

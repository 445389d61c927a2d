using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Lifecycle.DeleteTenantNow;

public sealed record ConfirmTenantDeletionRequest(Guid TenantId, Guid ConfirmedBy, string Token);

public enum TenantDeletionOutcome
{
    /// <summary>Everything the tenant had is gone; the receipt is on the operators' chain.</summary>
    Deleted,

    /// <summary>The token is unknown, already used, expired or another admin's: nothing was deleted.</summary>
    Refused,
}

public sealed record TenantDeletionResult(TenantDeletionOutcome Outcome, DeletionReceipt? Receipt);

/// <summary>
/// Step two: spends the token (one atomic update, so a double submit or a replay deletes nothing
/// twice and an old token nothing at all), starts offboarding with the purge due now, and runs the
/// day-30 purge for this tenant at once: the same code, the same receipt.
/// </summary>
public sealed class ConfirmTenantDeletionCommand(IdentityOpsDbContext db, TenantAuditTrail audit, PurgeDueTenantsCommand purge, TimeProvider time)
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

        if (!confirmed)
        {
            return new TenantDeletionResult(TenantDeletionOutcome.Refused, null);
        }

        var receipt = await purge.PurgeNowAsync(request.TenantId, cancellationToken);
        return new TenantDeletionResult(TenantDeletionOutcome.Deleted, receipt);
    }
}

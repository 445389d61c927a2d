using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Lifecycle.Subscription;

public sealed record ChangeSubscriptionRequest(Guid TenantId, Guid ChangedBy);

/// <summary>
/// An admin cancels in settings: offboarding day 0 (access stops for everyone but the restore page,
/// data stays restorable for 30 days), recorded on the tenant's audit chain.
/// </summary>
public sealed class CancelSubscriptionCommand(IdentityOpsDbContext db, OffboardTenantCommand offboard, TenantAuditTrail audit)
{
    public Task<Tenant> CancelAsync(ChangeSubscriptionRequest request, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var tenant = await offboard.OffboardAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.ChangedBy:D}", "subscription.cancelled", $"tenant purge-after:{tenant.PurgeAfter:O}", "cancelled", "web"), ct);
                return tenant;
            },
            cancellationToken);
    }
}

/// <summary>Days 0–30: an admin of the team re-subscribes and every scan, finding and setting is back.</summary>
public sealed class RestoreSubscriptionCommand(IdentityOpsDbContext db, RestoreTenantCommand restore, TenantAuditTrail audit)
{
    public Task<bool> RestoreAsync(ChangeSubscriptionRequest request, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                if (!await restore.RestoreAsync(ct))
                {
                    return false;
                }

                await audit.AppendAsync(new AuditEntry($"user:{request.ChangedBy:D}", "subscription.restored", "tenant", "active", "web"), ct);
                return true;
            },
            cancellationToken);
    }
}

using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Lifecycle;

/// <summary>How long a cancelled tenant's data stays restorable before the purge takes it.</summary>
public static class RetentionPolicy
{
    public static readonly TimeSpan RestoreWindow = TimeSpan.FromDays(30);
}

/// <summary>
/// When the purge timer runs (NCRONTAB, UTC): the Functions timer and the trust page read this one value.
/// Every minute, because "delete everything now" is carried out by this job, not by the web app that
/// took the confirmation (the web app holds no purge credential); a day-30 purge is then at most a
/// minute late. A run with nothing due reads one index and anchors nothing new.
/// </summary>
public static class PurgeSchedule
{
    public const string Cron = "0 * * * * *";
}

/// <summary>
/// Day 0 of offboarding (the subscription cancelled, or the enterprise application removed):
/// access stops, data stays for restore until <see cref="RetentionPolicy.RestoreWindow"/> ends.
/// </summary>
public sealed class OffboardTenantCommand(IdentityOpsDbContext db, TimeProvider time)
{
    public Task<Tenant> OffboardAsync(CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var tenant = await db.Tenants.SingleAsync(ct);
                if (tenant.Status != TenantStatus.Offboarding)
                {
                    var now = time.GetUtcNow();
                    tenant.Status = TenantStatus.Offboarding;
                    tenant.SubscriptionState = SubscriptionState.Cancelled;
                    tenant.OffboardedAt = now;
                    tenant.PurgeAfter = now + RetentionPolicy.RestoreWindow;
                    await db.SaveChangesAsync(ct);
                }

                return tenant;
            },
            cancellationToken);
}

/// <summary>Days 0–30: re-subscribing restores full access to everything the tenant had.</summary>
public sealed class RestoreTenantCommand(IdentityOpsDbContext db)
{
    public Task<bool> RestoreAsync(CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                // Once purged the row is gone and there is nothing to restore.
                var tenant = await db.Tenants.SingleOrDefaultAsync(ct);
                if (tenant is not { Status: TenantStatus.Offboarding })
                {
                    return tenant is { Status: TenantStatus.Active };
                }

                tenant.Status = TenantStatus.Active;
                tenant.SubscriptionState = SubscriptionState.Active;
                tenant.OffboardedAt = null;
                tenant.PurgeAfter = null;
                await db.SaveChangesAsync(ct);
                return true;
            },
            cancellationToken);
}

using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tenancy.GetTenantStanding;

public sealed record GetTenantStandingRequest(Guid TenantId, Guid UserObjectId);

/// <summary>
/// Where the signed-in user's organisation stands, whatever its status: the one read an offboarding
/// tenant's admin still gets, so they can see the purge date and restore within 30 days.
/// </summary>
public sealed record TenantStanding(string TenantName, TenantStatus Status, SubscriptionState Subscription, DateTimeOffset? PurgeAfter, TeamRole? Role);

public sealed class GetTenantStandingQuery(IdentityOpsDbContext db)
{
    /// <summary>Null when the organisation has no IdentityOps record (never onboarded, or purged).</summary>
    public Task<TenantStanding?> GetAsync(GetTenantStandingRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == request.TenantId, ct);
                if (tenant is null)
                {
                    return null;
                }

                var role = await db.TeamMembers
                    .Where(m => m.TenantId == request.TenantId && m.UserObjectId == request.UserObjectId)
                    .Select(m => (TeamRole?)m.Role)
                    .SingleOrDefaultAsync(ct);
                return new TenantStanding(tenant.DisplayName, tenant.Status, tenant.SubscriptionState, tenant.PurgeAfter, role);
            },
            cancellationToken);
}

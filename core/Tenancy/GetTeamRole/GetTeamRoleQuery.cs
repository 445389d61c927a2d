using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tenancy.GetTeamRole;

public sealed record GetTeamRoleRequest(Guid TenantId, Guid UserObjectId);

/// <summary>
/// The caller's role on their organisation's IdentityOps team, or null: not a member, or the
/// tenant is not active (not onboarded, or offboarding: access stops on day 0).
/// </summary>
public sealed class GetTeamRoleQuery(IdentityOpsDbContext db)
{
    public Task<TeamRole?> GetAsync(GetTeamRoleRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var active = await db.Tenants.AnyAsync(t => t.Id == request.TenantId && t.Status == TenantStatus.Active, ct);
                if (!active)
                {
                    return null;
                }

                return await db.TeamMembers
                    .Where(m => m.TenantId == request.TenantId && m.UserObjectId == request.UserObjectId)
                    .Select(m => (TeamRole?)m.Role)
                    .SingleOrDefaultAsync(ct);
            },
            cancellationToken);
}

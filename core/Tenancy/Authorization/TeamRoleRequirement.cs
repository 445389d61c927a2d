using IdentityOps.Core.Tenancy.GetTeamRole;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;

namespace IdentityOps.Core.Tenancy.Authorization;

/// <summary>
/// The caller holds at least this role on their organisation's IdentityOps team; an admin holds both.
/// Both hosts' <c>TenantReader</c> and <c>TenantAdmin</c> policies require it (registered by <c>AddTenancy</c>).
/// </summary>
public sealed record TeamRoleRequirement(TeamRole Minimum) : IAuthorizationRequirement;

/// <summary>
/// Reads the role for the request's tenant (set once from the principal's <c>tid</c> by the host) and the
/// principal's <c>oid</c>. No tenant or no object id: the requirement is not met.
/// </summary>
internal sealed class TeamRoleHandler(ITenantContext tenant, GetTeamRoleQuery roles) : AuthorizationHandler<TeamRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TeamRoleRequirement requirement)
    {
        if (tenant.TenantId is not { } tenantId || !Guid.TryParse(context.User.GetObjectId(), out var objectId))
        {
            return;
        }

        var role = await roles.GetAsync(new GetTeamRoleRequest(tenantId, objectId), CancellationToken.None);
        if (role == TeamRole.Admin || (role == TeamRole.Reader && requirement.Minimum == TeamRole.Reader))
        {
            context.Succeed(requirement);
        }
    }
}

using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Tenancy.GetTeamRole;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Authentication;

/// <summary>The web app's authorization policies, by name (as the API's <c>Policies</c>).</summary>
public static class WebPolicies
{
    /// <summary>A session, and membership of the user's organisation's IdentityOps team (reader or admin).</summary>
    public const string TenantReader = nameof(TenantReader);

    /// <summary>A session, and the admin role on the team: starts scans, changes settings, deletes.</summary>
    public const string TenantAdmin = nameof(TenantAdmin);

    internal static IServiceCollection AddWebPolicies(this IServiceCollection services)
    {
        services.AddScoped<IAuthorizationHandler, WebTeamRoleHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantReader, policy => policy.AddAuthenticationSchemes(ServerSessionOptions.Scheme).RequireAuthenticatedUser().AddRequirements(new WebTeamRoleRequirement(TeamRole.Reader)))
            .AddPolicy(TenantAdmin, policy => policy.AddAuthenticationSchemes(ServerSessionOptions.Scheme).RequireAuthenticatedUser().AddRequirements(new WebTeamRoleRequirement(TeamRole.Admin)));
        return services;
    }
}

/// <summary>The user holds at least this role on their organisation's team; an admin holds both.</summary>
public sealed record WebTeamRoleRequirement(TeamRole Minimum) : IAuthorizationRequirement;

/// <summary>Reads the role for the request's tenant (set once from the session's <c>tid</c>) and the session's <c>oid</c>.</summary>
internal sealed class WebTeamRoleHandler(ITenantContext tenant, GetTeamRoleQuery roles) : AuthorizationHandler<WebTeamRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WebTeamRoleRequirement requirement)
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

using IdentityOps.Core.Tenancy.Authorization;
using IdentityOps.Core.Tenancy.GetTeamRole;
using IdentityOps.Core.Tenancy.GetTenantStanding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary>
    /// Who may do what in a tenant: the team-role query and the <see cref="TeamRoleRequirement"/> handler both
    /// hosts' policies use, and the tenant's standing (the tenant context comes with <c>AddPersistence</c>; the
    /// team's own use cases with <c>AddTeam</c>, onboarding with <c>AddLifecycle</c>).
    /// </summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<GetTeamRoleQuery>();
        services.AddScoped<IAuthorizationHandler, TeamRoleHandler>();
        services.AddScoped<GetTenantStandingQuery>();
        return services;
    }
}

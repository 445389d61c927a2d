using IdentityOps.Core.Tenancy.Authorization;
using IdentityOps.Core.Tenancy.GetTeamRole;
using IdentityOps.Core.Tenancy.GetTenantStanding;
using IdentityOps.Core.Tenancy.OnboardTenant;
using IdentityOps.Core.Tenancy.Team;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary>
    /// Who may do what in a tenant (the team-role query and the <see cref="TeamRoleRequirement"/> handler
    /// both hosts' policies use), the team itself, and onboarding (the tenant context comes with <c>AddPersistence</c>).
    /// </summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<GetTeamRoleQuery>();
        services.AddScoped<IAuthorizationHandler, TeamRoleHandler>();
        services.AddScoped<GetTenantStandingQuery>();
        services.AddScoped<ListTeamQuery>();
        services.AddScoped<AddTeamMemberCommand>();
        services.AddScoped<RemoveTeamMemberCommand>();
        services.AddScoped<OnboardTenantCommand>();
        return services;
    }
}

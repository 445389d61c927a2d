using IdentityOps.Core.Tenancy.GetTeamRole;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary>Who may do what in a tenant (the tenant context itself comes with <c>AddPersistence</c>).</summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<GetTeamRoleQuery>();
        return services;
    }
}

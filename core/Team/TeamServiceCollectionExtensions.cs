using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Team;

public static class TeamServiceCollectionExtensions
{
    /// <summary>The tenant's IdentityOps team: listing it, adding and removing members (who may do what is <c>AddTenancy</c>'s).</summary>
    public static IServiceCollection AddTeam(this IServiceCollection services)
    {
        services.AddScoped<ListTeamQuery>();
        services.AddScoped<AddTeamMemberCommand>();
        services.AddScoped<RemoveTeamMemberCommand>();
        return services;
    }
}

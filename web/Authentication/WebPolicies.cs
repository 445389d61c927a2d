using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Tenancy.Authorization;

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
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantReader, policy => policy.AddAuthenticationSchemes(ServerSessionOptions.Scheme).RequireAuthenticatedUser().AddRequirements(new TeamRoleRequirement(TeamRole.Reader)))
            .AddPolicy(TenantAdmin, policy => policy.AddAuthenticationSchemes(ServerSessionOptions.Scheme).RequireAuthenticatedUser().AddRequirements(new TeamRoleRequirement(TeamRole.Admin)));
        return services;
    }
}

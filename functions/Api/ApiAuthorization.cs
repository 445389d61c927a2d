using System.ComponentModel.DataAnnotations;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Tenancy.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace IdentityOps.Functions.Api;

/// <summary>The API's authorization policies, by name.</summary>
public static class Policies
{
    /// <summary>The API scope, and membership of the caller's organisation's IdentityOps team (reader or admin).</summary>
    public const string TenantReader = nameof(TenantReader);

    /// <summary>The API scope, and the admin role on the team: starts scans, changes settings.</summary>
    public const string TenantAdmin = nameof(TenantAdmin);
}

/// <summary>What a bearer token must carry to be accepted. Bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The delegated scope of IdentityOps' API that every call needs (for example <c>access_as_user</c>).</summary>
    [Required]
    public string RequiredScope { get; set; } = string.Empty;
}

public static class ApiAuthorization
{
    public static IServiceCollection AddApiAuthorization(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IAuthorizationHandler, ApiScopeHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.TenantReader, policy => policy.RequireAuthenticatedUser().AddRequirements(new ApiScopeRequirement(), new TeamRoleRequirement(TeamRole.Reader)))
            .AddPolicy(Policies.TenantAdmin, policy => policy.RequireAuthenticatedUser().AddRequirements(new ApiScopeRequirement(), new TeamRoleRequirement(TeamRole.Admin)));
        return services;
    }
}

/// <summary>The token carries the API's delegated scope (an application token, with roles only, never does).</summary>
public sealed class ApiScopeRequirement : IAuthorizationRequirement;

internal sealed class ApiScopeHandler(IOptions<ApiOptions> options) : AuthorizationHandler<ApiScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        var scopes = context.User.FindAll(ClaimConstants.Scp).Concat(context.User.FindAll(ClaimConstants.Scope))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (scopes.Contains(options.Value.RequiredScope, StringComparer.Ordinal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

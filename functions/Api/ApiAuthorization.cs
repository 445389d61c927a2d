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
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>The delegated scope of IdentityOps' API that every call needs (for example <c>access_as_user</c>).</summary>
    [Required]
    public string RequiredScope { get; set; } = string.Empty;

    /// <summary>
    /// The application (client) ids of IdentityOps' own clients, the only ones whose tokens the API
    /// accepts (<c>Api:AllowedClientIds:0</c>, …). Required, at least one, no default: any application in
    /// any tenant can ask Entra for a token to a multi-tenant API once a user consents to it, so the
    /// audience alone says nothing of who is calling.
    /// </summary>
    [Required]
    [MinLength(1)]
    public string[] AllowedClientIds { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AllowedClientIds.Any(id => !Guid.TryParseExact(id, "D", out _)))
        {
            yield return new ValidationResult("Every entry of Api:AllowedClientIds must be an application (client) id of the form 00000000-0000-0000-0000-000000000000.", [nameof(AllowedClientIds)]);
        }
    }
}

public static class ApiAuthorization
{
    public static IServiceCollection AddApiAuthorization(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IAuthorizationHandler, ApiScopeHandler>();
        services.AddScoped<IAuthorizationHandler, ApiClientHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.TenantReader, policy => policy.RequireAuthenticatedUser().AddRequirements(new ApiClientRequirement(), new ApiScopeRequirement(), new TeamRoleRequirement(TeamRole.Reader)))
            .AddPolicy(Policies.TenantAdmin, policy => policy.RequireAuthenticatedUser().AddRequirements(new ApiClientRequirement(), new ApiScopeRequirement(), new TeamRoleRequirement(TeamRole.Admin)));
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

/// <summary>The token was issued to one of IdentityOps' own clients (<see cref="ApiOptions.AllowedClientIds"/>).</summary>
public sealed class ApiClientRequirement : IAuthorizationRequirement;

/// <summary>
/// Reads the client the token was issued to: <c>azp</c> in v2.0 access tokens, <c>appid</c> in v1.0 ones
/// ("only present in v2.0 tokens" / "only present in v1.0 tokens", both "may be used in authorization
/// decisions": https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
/// A token naming neither, or another client, fails.
/// </summary>
internal sealed class ApiClientHandler(IOptions<ApiOptions> options) : AuthorizationHandler<ApiClientRequirement>
{
    public static string? ClientId(System.Security.Claims.ClaimsPrincipal user)
        => user.FindFirst("ver")?.Value == "1.0" ? user.FindFirst("appid")?.Value : user.FindFirst("azp")?.Value;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiClientRequirement requirement)
    {
        if (ClientId(context.User) is { } client && options.Value.AllowedClientIds.Contains(client, StringComparer.OrdinalIgnoreCase))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

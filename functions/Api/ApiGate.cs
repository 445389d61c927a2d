using System.Security.Claims;
using IdentityOps.Core.Scanning.StartScan;
using IdentityOps.Core.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Web;

namespace IdentityOps.Functions.Api;

/// <summary>The signed-in caller of an API request: their tenant (the token's <c>tid</c>), object id and validated principal.</summary>
public sealed record ApiCaller(Guid TenantId, Guid ObjectId, ClaimsPrincipal Principal);

/// <summary>
/// The one way into the API: validates the bearer token (Microsoft.Identity.Web: signature, audience,
/// issuer per tenant, lifetime), sets the request's tenant from its <c>tid</c> (no route, query or
/// body ever names a tenant), authorizes by policy, then runs the endpoint. Every refusal and every
/// unexpected failure is an RFC 7807 problem that says nothing of tokens or internals.
/// </summary>
public sealed partial class ApiGate(IAuthenticationService authentication, IAuthorizationService authorization, TenantContext tenant, ApiRateLimits limits, ILogger<ApiGate> logger)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, string policy, Func<ApiCaller, Task<IActionResult>> endpoint)
    {
        // Every answer of the API carries tenant data or says something about it: no cache may keep it (RFC 9111 5.2.2.5).
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var authenticated = await authentication.AuthenticateAsync(request.HttpContext, JwtBearerDefaults.AuthenticationScheme);
        if (!authenticated.Succeeded
            || authenticated.Principal is not { } principal
            || !Guid.TryParse(principal.GetTenantId(), out var tenantId) || tenantId == Guid.Empty
            || !Guid.TryParse(principal.GetObjectId(), out var objectId))
        {
            LogUnauthenticated(authenticated.Failure is null ? "no bearer token" : authenticated.Failure.GetType().Name);
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign-in required.", "The request needs a valid Microsoft Entra ID access token for IdentityOps.");
        }

        // Microsoft.Identity.Web takes the token to exchange from the identity's bootstrap context when
        // given the principal (it otherwise looks for an HttpContext through IHttpContextAccessor).
        if (principal.Identity is ClaimsIdentity { BootstrapContext: null } identity && authenticated.Properties?.GetTokenValue("access_token") is { } validatedToken)
        {
            identity.BootstrapContext = validatedToken;
        }

        // Budgets before any other work, so that a refused caller is limited too (ApiRateLimits).
        if (limits.TryAcquire(new ApiCaller(tenantId, objectId, principal)) is { } wait)
        {
            LogLimited(tenantId);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many requests.", $"Your organisation or you sent more requests than IdentityOps accepts per minute. Try again in {seconds} s.");
        }

        tenant.Set(tenantId);
        var authorized = await authorization.AuthorizeAsync(principal, resource: null, policy);
        if (!authorized.Succeeded)
        {
            if (authorized.Failure?.FailedRequirements.OfType<ApiClientRequirement>().Any() == true)
            {
                LogClientRefused(tenantId, ApiClientHandler.ClientId(principal) ?? "none");
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Client application not allowed.", "The access token was issued to an application that is not allowed to call IdentityOps' API.");
            }

            if (authorized.Failure?.FailedRequirements.OfType<ApiScopeRequirement>().Any() == true)
            {
                request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Insufficient scope.", "The access token was not issued for IdentityOps' API scope.");
            }

            LogForbidden(tenantId, policy);
            return ApiProblems.Problem(
                StatusCodes.Status403Forbidden,
                "Not allowed.",
                policy == Policies.TenantAdmin
                    ? "Only an admin of your organisation's IdentityOps team can do this."
                    : "Your account is not on your organisation's IdentityOps team, or IdentityOps is not active for your organisation.");
        }

        try
        {
            return await endpoint(new ApiCaller(tenantId, objectId, principal));
        }
        catch (DelegatedAccessException refused)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "IdentityOps cannot read your tenant as you.", refused.Failure.Explanation);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogFailed(error, tenantId, request.Path.Value ?? string.Empty);
            return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "Something went wrong.", "The request could not be completed. Try again; if it keeps failing, contact support.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API request refused: not authenticated ({Reason})")]
    private partial void LogUnauthenticated(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API request of tenant {TenantId} refused: its token was issued to client {ClientId}, which is not an allowed client")]
    private partial void LogClientRefused(Guid tenantId, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "API request of tenant {TenantId} refused: rate limit reached")]
    private partial void LogLimited(Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "API request of tenant {TenantId} refused by policy {Policy}")]
    private partial void LogForbidden(Guid tenantId, string policy);

    [LoggerMessage(Level = LogLevel.Error, Message = "API request of tenant {TenantId} to {Path} failed")]
    private partial void LogFailed(Exception error, Guid tenantId, string path);
}

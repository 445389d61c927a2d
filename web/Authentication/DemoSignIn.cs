using System.Security.Claims;
using IdentityOps.Core.Graph.Emulator.Synthetic;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Tenancy.OnboardTenant;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// Local demo only: <c>POST /demo/sign-in</c> signs in as the demo admin of the sample tenant through
/// the same session handler (a real server session, no OpenID Connect). Open only when the demo
/// database is configured, in Development, bound to loopback (<see cref="WebSignInSettings.DemoSignIn"/>,
/// decided at startup); refused with 404 otherwise, and refused for a request that did not arrive on
/// a loopback address.
/// </summary>
internal static class DemoSignIn
{
    public const string Path = "/demo/sign-in";

    /// <summary>The demo admin's object id (fixed, so the demo team keeps one admin across runs).</summary>
    public static readonly Guid DemoAdminObjectId = new("0d3e0a11-de40-4d00-8000-00000000ad11");

    private static readonly Lazy<Guid> SampleTenantId = new(() => SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small).TenantId);

    public static void MapDemoSignIn(this IEndpointRouteBuilder app)
        => app.MapPost(Path, SignInAsync).AllowAnonymous().DisableAntiforgery();

    internal static async Task<IResult> SignInAsync(HttpContext context, WebSignInSettings settings, IAntiforgery antiforgery, TenantContext tenant, OnboardTenantCommand onboarding)
    {
        if (!settings.DemoSignIn || context.Connection.LocalIpAddress is { } local && !System.Net.IPAddress.IsLoopback(local))
        {
            return Results.NotFound();
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return AuthenticationPages.Message("Sign-in refused", "The request did not carry this site's antiforgery token.", StatusCodes.Status400BadRequest);
        }

        var tenantId = SampleTenantId.Value;
        tenant.Set(tenantId);
        await onboarding.OnboardAsync(new OnboardTenantRequest(tenantId, DemoAdminObjectId, "Demo Admin"), context.RequestAborted);

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimConstants.Tid, tenantId.ToString("D")),
                new Claim(ClaimConstants.Oid, DemoAdminObjectId.ToString("D")),
                new Claim(ClaimConstants.Name, "Demo Admin"),
                new Claim(ClaimConstants.PreferredUserName, "demo.admin@sample.example"),
            ],
            "demo");
        await context.SignInAsync(ServerSessionOptions.Scheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/");
    }
}

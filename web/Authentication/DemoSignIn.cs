using System.Security.Claims;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Lifecycle.OnboardTenant;
using IdentityOps.Core.Tenancy;
using IdentityOps.Web.Demo;
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

        // The sample tenant and its demo admin, as demo mode loaded them (web/Demo).
        var demo = context.RequestServices.GetRequiredService<DemoIdentity>();
        tenant.Set(demo.TenantId);
        // The demo admin stands for the sample tenant's Global Administrator (there is no Entra token here).
        await onboarding.OnboardAsync(new OnboardTenantRequest(demo.TenantId, demo.AdminObjectId, demo.AdminName, [ConsentGrantingRoles.GlobalAdministrator]), context.RequestAborted);

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimConstants.Tid, demo.TenantId.ToString("D")),
                new Claim(ClaimConstants.Oid, demo.AdminObjectId.ToString("D")),
                new Claim(ClaimConstants.Name, demo.AdminName),
                new Claim(ClaimConstants.PreferredUserName, "demo.admin@sample.example"),
            ],
            "demo");
        await context.SignInAsync(ServerSessionOptions.Scheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/");
    }
}

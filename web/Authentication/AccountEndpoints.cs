using IdentityOps.Core.Identity.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace IdentityOps.Web.Authentication;

/// <summary>Sign-in, sign-out and the page of a signed-in user who is not on their organisation's team.</summary>
internal static class AccountEndpoints
{
    public const string SignInPath = ServerSessionOptions.DefaultSignInPath;
    public const string SignOutPath = "/account/sign-out";
    public const string AccessDeniedPath = ServerSessionOptions.DefaultAccessDeniedPath;

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, SignIn).AllowAnonymous();
        app.MapPost(SignOutPath, SignOutAsync).AllowAnonymous().DisableAntiforgery();
        app.MapGet(AccessDeniedPath, AccessDenied).AllowAnonymous();
    }

    internal static IResult SignIn(HttpContext context, WebSignInSettings settings)
    {
        if (settings.EntraConfigured)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
        }

        return settings.DemoSignIn
            ? AuthenticationPages.Message("Sign in", "This is the local demo: sign in as the demo admin of the sample tenant.", extraHtml: AuthenticationPages.PostForm(context, DemoSignIn.Path, "Sign in to the demo"))
            : AuthenticationPages.Message("Sign-in is not configured", "This instance has no Microsoft Entra ID sign-in configured.", StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>POST only, with an antiforgery token: another site cannot sign a user out (or in) behind their back.</summary>
    internal static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return AuthenticationPages.Message("Sign-out refused", "The request did not carry this site's antiforgery token.", StatusCodes.Status400BadRequest);
        }

        await context.SignOutAsync(ServerSessionOptions.Scheme);
        return Results.Redirect("/");
    }

    internal static IResult AccessDenied(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Results.Redirect(SignInPath);
        }

        return AuthenticationPages.Message(
            "Ask your admin to add you",
            "You are signed in, but you are not on your organisation's IdentityOps team (or your organisation's access has ended). An admin of your IdentityOps team can add you as a reader or an admin.",
            StatusCodes.Status403Forbidden,
            AuthenticationPages.PostForm(context, SignOutPath, "Sign out"));
    }
}

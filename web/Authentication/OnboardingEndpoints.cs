using IdentityOps.Core.Graph;
using IdentityOps.Core.Lifecycle.OnboardTenant;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// Onboarding: an Entra admin grants IdentityOps exactly its read-only Graph scopes for the whole
/// tenant (admin consent), then signs in; the first sign-in after a granted consent creates the
/// tenant (<see cref="SignInEvents"/>), and only for a user whose validated id token shows a directory
/// role that can grant that consent (<see cref="ConsentGrantingRoles"/>). The tenant comes only from
/// that id token: the callback's <c>tenant</c> parameter (unsigned, like <c>admin_consent</c>) is
/// carried in the protected sign-in state only to be compared with the token's <c>tid</c>, and a
/// sign-in into another tenant than the one that consented is refused.
/// </summary>
internal static class OnboardingEndpoints
{
    public const string ConsentPath = "/onboarding/consent";
    public const string ConsentCallbackPath = "/onboarding/consent/callback";
    public const string NotConnectedPath = "/onboarding/not-connected";
    public const string AdminRequiredPath = "/onboarding/admin-required";
    public const string TenantMismatchPath = "/onboarding/tenant-mismatch";

    /// <summary>Set on the sign-in that follows a granted, state-checked consent (inside the protected OIDC state).</summary>
    public const string ConsentGrantedItem = "identityops.consent";

    /// <summary>The callback's <c>tenant</c> (inside the protected OIDC state), which the sign-in's <c>tid</c> must equal.</summary>
    public const string ConsentTenantItem = "identityops.consent-tenant";

    public static void MapOnboardingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ConsentPath, StartConsent).AllowAnonymous();
        app.MapGet(ConsentCallbackPath, ConsentCallbackAsync).AllowAnonymous();
        app.MapGet(NotConnectedPath, () => AuthenticationPages.Message(
            "Your organisation has not connected IdentityOps",
            $"IdentityOps has no record of your organisation yet. Ask a Microsoft Entra administrator of your organisation to connect it at {ConsentPath}: they grant read-only access and become the first admin of your IdentityOps team.")).AllowAnonymous();
        app.MapGet(AdminRequiredPath, () => AuthenticationPages.Message(
            "Only a directory administrator can connect IdentityOps",
            "Connecting your organisation makes you the first admin of its IdentityOps team, so it needs a Microsoft Entra role that can grant admin consent: Global Administrator, Privileged Role Administrator, Cloud Application Administrator, Application Administrator or AI Administrator (if the role is only eligible in Privileged Identity Management, activate it before signing in). Your sign-in did not show one of these roles, so nothing was set up and you were not signed in. Ask an administrator to connect IdentityOps; they can then add you to the team.",
            StatusCodes.Status403Forbidden)).AllowAnonymous();
        app.MapGet(TenantMismatchPath, () => AuthenticationPages.Message(
            "The consent and the sign-in were for different organisations",
            $"Admin consent was granted in one Microsoft Entra tenant and the sign-in that followed was into another, so nothing was set up and you were not signed in. Start again at {ConsentPath} and sign in with an account of the organisation that consented.",
            StatusCodes.Status400BadRequest)).AllowAnonymous();
    }

    /// <summary>The admin-consent address for exactly <see cref="GraphScopes.DelegatedFullyQualified"/>.</summary>
    public static Uri AdminConsentUri(Uri instance, string clientId, string redirectUri, string state)
        => new($"{instance.AbsoluteUri.TrimEnd('/')}/organizations/v2.0/adminconsent"
               + $"?client_id={Uri.EscapeDataString(clientId)}"
               + $"&scope={Uri.EscapeDataString(string.Join(' ', GraphScopes.DelegatedFullyQualified))}"
               + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}"
               + $"&state={Uri.EscapeDataString(state)}");

    internal static IResult StartConsent(HttpContext context, WebSignInSettings settings, ConsentStateStore states)
    {
        if (!settings.EntraConfigured)
        {
            return AuthenticationPages.Message("Onboarding is not available", "This instance has no Microsoft Entra ID sign-in configured.", StatusCodes.Status404NotFound);
        }

        if (!states.TryBegin(out var binding, out var state))
        {
            context.Response.Headers.RetryAfter = "60";
            return AuthenticationPages.Message(
                "Too many connections in progress",
                "IdentityOps is handling as many organisation connections as it holds at once. Nothing was started; try again in a few minutes.",
                StatusCodes.Status503ServiceUnavailable);
        }

        context.Response.Cookies.Append(ConsentStateStore.CookieName, binding, new CookieOptions
        {
            Secure = true,
            HttpOnly = true,

            // Lax: Entra returns with a top-level GET redirect, which Lax cookies accompany.
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = ConsentStateStore.Lifetime,
            IsEssential = true,
        });
        var redirectUri = $"{context.Request.Scheme}://{context.Request.Host}{ConsentCallbackPath}";
        return Results.Redirect(AdminConsentUri(settings.Instance!, settings.ClientId!, redirectUri, state).AbsoluteUri);
    }

    internal static IResult ConsentCallbackAsync(HttpContext context, ConsentStateStore states)
    {
        var query = context.Request.Query;
        var binding = context.Request.Cookies[ConsentStateStore.CookieName];
        context.Response.Cookies.Delete(ConsentStateStore.CookieName, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        if (!states.TryConsume(binding, query["state"]))
        {
            return AuthenticationPages.Message(
                "This consent response was not expected",
                "It does not match a consent started in this browser in the last ten minutes (or it was already used), so it was ignored. Start again from the onboarding page.",
                StatusCodes.Status400BadRequest);
        }

        var error = query["error"].ToString();
        if (error == "access_denied")
        {
            return AuthenticationPages.Message(
                "Consent was declined",
                "IdentityOps was not granted its read-only permissions, so it cannot read your tenant's configuration and nothing was set up. An Entra administrator can start the consent again at any time.");
        }

        if (error.Length > 0)
        {
            return AuthenticationPages.Message(
                "Consent did not complete",
                $"Microsoft Entra ID answered with the error '{error}': {query["error_description"]}. Nothing was set up; try again, or ask a Global Administrator or Cloud Application Administrator to consent.",
                StatusCodes.Status400BadRequest);
        }

        if (!string.Equals(query["admin_consent"], "True", StringComparison.OrdinalIgnoreCase)
            || !Guid.TryParseExact(query["tenant"], "D", out var consentTenant))
        {
            return AuthenticationPages.Message("Consent did not complete", "Microsoft Entra ID did not confirm the consent for a tenant. Nothing was set up.", StatusCodes.Status400BadRequest);
        }

        // "Consent granted" and the tenant are unsigned query values: the sign-in that follows decides.
        // Its validated id token names the tenant (which must be the one that consented) and shows
        // whether the user may grant the consent at all (SignInEvents).
        var properties = new AuthenticationProperties { RedirectUri = "/" };
        properties.Items[ConsentGrantedItem] = "granted";
        properties.Items[ConsentTenantItem] = consentTenant.ToString("D");
        return Results.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
    }
}

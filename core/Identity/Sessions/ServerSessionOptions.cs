using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IdentityOps.Core.Identity.Sessions;

/// <summary>
/// The web app's own session scheme: an opaque id in a <c>__Host-</c> cookie, everything else in
/// <c>server_sessions</c>. The defaults are the promises (15-minute rotation, 24-hour absolute end,
/// at most 30 seconds of grace for an id just rotated); configuration may only tighten them.
/// </summary>
public sealed class ServerSessionOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "IdentityOps.Session";

    /// <summary><c>__Host-</c>: the browser accepts it only with Secure, Path=/ and no Domain, so no subdomain can set or shadow it.</summary>
    public const string CookieName = "__Host-identityops-session";

    /// <summary>The web app's sign-in page, where an anonymous user is sent when no identity provider is configured.</summary>
    public const string DefaultSignInPath = "/account/sign-in";

    /// <summary>The web app's page for a signed-in user who may not see a page.</summary>
    public const string DefaultAccessDeniedPath = "/account/access-denied";

    /// <summary>How long an id is used before the next request replaces it. The default is 15 minutes.</summary>
    public TimeSpan RotateAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The absolute end of a sign-in, from sign-in; activity and rotation never extend it. The default is 24 hours.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a rotated id still authenticates (without rotating again), so that requests the
    /// browser sent with it concurrently do not fail. The default is 30 seconds, the most allowed.
    /// </summary>
    public TimeSpan RotationGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where a signed-in user who may not see a page is sent. The default is <c>/account/access-denied</c>.</summary>
    public string AccessDeniedPath { get; set; } = DefaultAccessDeniedPath;

    /// <summary>Where an anonymous user is sent when no identity provider is configured (demo). The default is <c>/account/sign-in</c>.</summary>
    public string SignInPath { get; set; } = DefaultSignInPath;

    /// <summary>
    /// The session cookie's attributes, in one place: the handler writes and deletes the cookie with
    /// them, and the trust page reports them (<c>Trust.ServerSessionPolicyProbe</c>).
    /// </summary>
    public static CookieOptions SessionCookie(TimeSpan? maxAge) => new()
    {
        Secure = true,
        HttpOnly = true,

        // Lax, not Strict: Entra's form_post lands cross-site and the app then redirects to itself;
        // Strict would drop the cookie on that first navigation.
        SameSite = SameSiteMode.Lax,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };

    public override void Validate()
    {
        base.Validate();
        if (RotateAfter <= TimeSpan.Zero || RotateAfter > TimeSpan.FromMinutes(15))
        {
            throw new InvalidOperationException("Session ids rotate at least every 15 minutes.");
        }

        if (AbsoluteLifetime <= TimeSpan.Zero || AbsoluteLifetime > TimeSpan.FromHours(24))
        {
            throw new InvalidOperationException("A session lasts at most 24 hours.");
        }

        if (RotationGrace < TimeSpan.Zero || RotationGrace > TimeSpan.FromSeconds(30))
        {
            throw new InvalidOperationException("A rotated session id keeps at most 30 seconds of grace.");
        }
    }
}

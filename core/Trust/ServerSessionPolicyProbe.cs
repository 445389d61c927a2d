using IdentityOps.Core.Identity.Sessions;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Trust;

/// <summary>
/// The trust checks' view of the web app's sessions, read from the options and cookie attributes its
/// session handler itself uses (in the web app, as configured there; elsewhere, such as the CLI's
/// <c>trust</c> verb, the defaults, which are the promises).
/// </summary>
public sealed class ServerSessionPolicyProbe(IOptionsMonitor<ServerSessionOptions> options) : ISessionPolicyProbe
{
    public SessionPolicy Describe()
    {
        var session = options.Get(ServerSessionOptions.Scheme);
        var cookie = ServerSessionOptions.SessionCookie(maxAge: null);
        return new SessionPolicy(
            ServerSessionOptions.CookieName,
            cookie.Secure,
            cookie.HttpOnly,
            cookie.SameSite.ToString(),

            // The handler stores a random id and keeps the claims in server_sessions (ServerSessionStore).
            CookieHoldsOnlySessionId: true,
            session.RotateAfter,
            session.AbsoluteLifetime,
            RevokedOnSignOut: true);
    }
}

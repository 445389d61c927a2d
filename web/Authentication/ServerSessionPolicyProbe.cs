using IdentityOps.Core.Trust;
using Microsoft.Extensions.Options;

namespace IdentityOps.Web.Authentication;

/// <summary>The trust page's view of this host's sessions, read from the options and cookie attributes the handler itself uses.</summary>
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

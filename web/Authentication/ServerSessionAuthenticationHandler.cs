using System.Security.Claims;
using System.Text.Encodings.Web;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Persistence.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// Server-side sessions without ASP.NET Core's cookie handler: its ticket store reuses the session key
/// on a new sign-in (aspnetcore #22135), which would keep a fixated id alive. Here the cookie holds a
/// 256-bit random id and nothing else; the row (<c>server_sessions</c>, keyed by the id's SHA-256)
/// holds the tenant, the user, the lifetimes and the kept claims, encrypted. Sign-in always issues a
/// new id and revokes the one the request carried; an id older than <see cref="ServerSessionOptions.RotateAfter"/>
/// is replaced on its next use (the old one keeps a short grace); nothing outlives the absolute end;
/// sign-out revokes the sign-in on the server and removes the user's tokens from the cache.
/// </summary>
public sealed partial class ServerSessionAuthenticationHandler(
    IOptionsMonitor<ServerSessionOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ServerSessionStore store,
    SessionClaimsProtector claimsProtector,
    TimeProvider time)
    : SignInAuthenticationHandler<ServerSessionOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Cookies[ServerSessionOptions.CookieName];
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var now = time.GetUtcNow();
        var session = SessionId.IsWellFormed(presented) ? await store.FindAsync(SessionId.Hash(presented), Context.RequestAborted) : null;
        var refusal = session switch
        {
            null => "unknown session id",
            { RevokedAt: { } stop } when stop <= now => "revoked session id",
            { } s when s.AbsoluteExpiresAt <= now => "session past its absolute end",
            _ => null,
        };
        var claims = refusal is null ? claimsProtector.Unprotect(session!.ProtectedClaims) : null;
        if (refusal is null && (claims is null || claims.TenantId != session!.TenantId || claims.ObjectId != session.UserObjectId))
        {
            refusal = "session claims unreadable or not this row's";
        }

        if (refusal is not null)
        {
            LogRefused(Logger, refusal);
            DeleteCookie();
            return AuthenticateResult.Fail(refusal);
        }

        // Rotation: the first request after rotate-after gets a new id; the old one stops after the
        // grace (requests sent with it in the meantime still pass, and do not rotate again).
        if (session!.RevokedAt is null && now >= session.RotateAfter)
        {
            var nextId = SessionId.New();
            var next = session with { IdHash = SessionId.Hash(nextId), RotateAfter = Earliest(now + Options.RotateAfter, session.AbsoluteExpiresAt) };
            if (await store.RotateAsync(session, next, now + Options.RotationGrace, Context.RequestAborted))
            {
                AppendCookie(nextId, session.AbsoluteExpiresAt, now);
            }
        }

        return AuthenticateResult.Success(new AuthenticationTicket(claims!.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        var claims = SessionClaimsProtector.From(user)
            ?? throw new InvalidOperationException("A session needs the signed-in user's tenant and object id.");
        var now = time.GetUtcNow();

        // Fixation: whatever id this browser brought is revoked; the sign-in always gets a new one.
        await RevokePresentedAsync(now, removeTokens: false);

        var id = SessionId.New();
        var session = new ServerSessionRecord(
            claims.TenantId,
            SessionId.Hash(id),
            claims.ObjectId,
            now,
            now + Options.RotateAfter,
            now + Options.AbsoluteLifetime,
            RevokedAt: null,
            claimsProtector.Protect(claims));
        await store.CreateAsync(session, Context.RequestAborted);
        AppendCookie(id, session.AbsoluteExpiresAt, now);
    }

    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        await RevokePresentedAsync(time.GetUtcNow(), removeTokens: true);
        DeleteCookie();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Redirect(Options.SignInPath);
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (HttpMethods.IsGet(Request.Method))
        {
            Response.Redirect(Options.AccessDeniedPath);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Task.CompletedTask;
    }

    private async Task RevokePresentedAsync(DateTimeOffset now, bool removeTokens)
    {
        var presented = Request.Cookies[ServerSessionOptions.CookieName];
        if (!SessionId.IsWellFormed(presented) || await store.FindAsync(SessionId.Hash(presented!), Context.RequestAborted) is not { } session)
        {
            return;
        }

        await store.RevokeSignInAsync(session, now, Context.RequestAborted);
        if (removeTokens && Context.RequestServices.GetService<PostgresTokenCacheProvider>() is { } tokenCache)
        {
            await tokenCache.DeleteAsync(TokenCacheKey.ForWebAppUser(session.UserObjectId, session.TenantId), Context.RequestAborted);
        }
    }

    private void AppendCookie(string id, DateTimeOffset absoluteEnd, DateTimeOffset now)
        => Response.Cookies.Append(ServerSessionOptions.CookieName, id, ServerSessionOptions.SessionCookie(absoluteEnd - now));

    private void DeleteCookie()
        => Response.Cookies.Delete(ServerSessionOptions.CookieName, ServerSessionOptions.SessionCookie(maxAge: null));

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Session cookie refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}

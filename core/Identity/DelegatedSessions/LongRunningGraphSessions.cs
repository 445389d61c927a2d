using System.Security.Claims;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.TokenCache;
using Microsoft.Identity.Web;

namespace IdentityOps.Core.Identity.DelegatedSessions;

/// <summary>
/// Microsoft.Identity.Web's long-running web API sessions (MSAL <c>InitiateLongRunningProcessInWebApi</c>),
/// asked for the Graph read scopes and always for the caller's own tenant.
/// </summary>
public sealed class LongRunningGraphSessions(ITokenAcquisition tokens, PostgresTokenCacheProvider cache) : IDelegatedSessions
{
    public async Task<string> StartAsync(Guid tenantId, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var options = new TokenAcquisitionOptions
        {
            LongRunningWebApiSessionKey = DelegatedSessionKey.New(tenantId),
            CancellationToken = cancellationToken,
        };

        // The caller's validated token travels in its identity's bootstrap context (SaveSigninToken),
        // so the exchange does not depend on an ambient HttpContext.
        await tokens.GetAuthenticationResultForUserAsync(
            GraphScopes.DelegatedFullyQualified, tenantId: tenantId.ToString("D"), user: caller, tokenAcquisitionOptions: options);
        return options.LongRunningWebApiSessionKey;
    }

    public Task EndAsync(string sessionKey, CancellationToken cancellationToken) => cache.DeleteAsync(sessionKey, cancellationToken);
}

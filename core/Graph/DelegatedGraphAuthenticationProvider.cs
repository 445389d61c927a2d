using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace IdentityOps.Core.Graph;

/// <summary>
/// Gives each Graph request the signed-in admin's delegated token, taken from the admin's session
/// (the API's long-running on-behalf-of session, or the web sign-in). IdentityOps never uses an
/// application identity against a customer tenant. The token is placed on the request and nowhere else.
/// </summary>
public sealed class DelegatedGraphAuthenticationProvider(IDelegatedGraphTokens tokens, Guid tenantId, string sessionKey) : IAuthenticationProvider
{
    public async Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        var token = await tokens.GetAccessTokenAsync(tenantId, sessionKey, cancellationToken);
        request.Headers.Add("Authorization", $"Bearer {token}");
    }
}

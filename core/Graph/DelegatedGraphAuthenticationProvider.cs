using Microsoft.Identity.Web;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace IdentityOps.Core.Graph;

/// <summary>
/// Gives each Graph request the signed-in admin's delegated token, taken from Microsoft.Identity.Web
/// through the long-running on-behalf-of session the API started. IdentityOps never uses an
/// application identity against a customer tenant. The token is placed on the request and nowhere else.
/// </summary>
public sealed class DelegatedGraphAuthenticationProvider(ITokenAcquisition tokens, Guid tenantId, string sessionKey) : IAuthenticationProvider
{
    public async Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        var options = new TokenAcquisitionOptions { LongRunningWebApiSessionKey = sessionKey, CancellationToken = cancellationToken };

        // Always pass the tenant: without it a refresh goes to "organizations" (delegated-tokens.md).
        var token = await tokens.GetAccessTokenForUserAsync(GraphScopes.DelegatedFullyQualified, tenantId: tenantId.ToString("D"), tokenAcquisitionOptions: options);
        request.Headers.Add("Authorization", $"Bearer {token}");
    }
}

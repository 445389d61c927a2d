using Microsoft.Kiota.Abstractions.Authentication;

namespace IdentityOps.Core.Graph;

/// <summary>
/// Gives each Graph request the signed-in admin's delegated token, taken from the admin's session
/// (the API's long-running on-behalf-of session, or the web sign-in). IdentityOps never uses an
/// application identity against a customer tenant. The token is placed on a request to one of
/// <see cref="GraphHosts"/> and nowhere else: Kiota's <see cref="BaseBearerTokenAuthenticationProvider"/> adds no
/// Authorization header when the token provider answers empty, which <see cref="DelegatedAccessTokenProvider"/> does
/// for any other host (the pattern of Kiota's AzureIdentityAccessTokenProvider, microsoft/kiota-dotnet
/// src/authentication/azure/AzureIdentityAccessTokenProvider.cs).
/// </summary>
public sealed class DelegatedGraphAuthenticationProvider(IDelegatedGraphTokens tokens, Guid tenantId, string sessionKey, GraphHosts hosts)
    : BaseBearerTokenAuthenticationProvider(new DelegatedAccessTokenProvider(tokens, tenantId, sessionKey, hosts));

/// <summary>The admin's delegated Graph token for a Graph host over https; nothing for any other URL.</summary>
public sealed class DelegatedAccessTokenProvider(IDelegatedGraphTokens tokens, Guid tenantId, string sessionKey, GraphHosts hosts) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = hosts.CreateValidator();

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        // An empty list in Kiota's validator means "every host"; GraphHosts never builds one, and this checks scheme too.
        if (!AllowedHostsValidator.IsUrlHostValid(uri) || !hosts.Allows(uri))
        {
            return string.Empty;
        }

        return await tokens.GetAccessTokenAsync(tenantId, sessionKey, cancellationToken);
    }
}

using IdentityOps.Api.Client;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace IdentityOps.Functions.Tests.Api.Client;

/// <summary>The Kiota client generated from docs/openapi.json, pointed at the API on a real socket with a caller's token.</summary>
public static class GeneratedClient
{
    public static IdentityOpsClient For(Uri address, string? token)
    {
        var authentication = token is null ? (IAuthenticationProvider)new AnonymousAuthenticationProvider() : new BaseBearerTokenAuthenticationProvider(new FixedToken(token, address.Host));
        var adapter = new HttpClientRequestAdapter(authentication) { BaseUrl = address.ToString().TrimEnd('/') };
        return new IdentityOpsClient(adapter);
    }

    /// <summary>One token for one host: the provider refuses to hand it to any other.</summary>
    private sealed class FixedToken(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
            => Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}

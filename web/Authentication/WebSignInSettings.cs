namespace IdentityOps.Web.Authentication;

/// <summary>How this host signs people in, decided once at startup from configuration.</summary>
/// <param name="Instance">The identity provider's instance (<c>AzureAd:Instance</c>), or null when Entra sign-in is not configured.</param>
/// <param name="ClientId">The multi-tenant app registration shared with the API.</param>
/// <param name="DemoSignIn">Whether <c>/demo/sign-in</c> is open: demo database configured, Development, bound to loopback only.</param>
public sealed record WebSignInSettings(Uri? Instance, string? ClientId, bool DemoSignIn)
{
    public bool EntraConfigured => Instance is not null && !string.IsNullOrEmpty(ClientId);
}

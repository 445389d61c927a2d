using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.DelegatedSessions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Scans;

/// <summary>
/// The web app's kind of delegated session: the admin's own sign-in. Their Graph tokens came from
/// the authorization code at sign-in and sit in the encrypted PostgreSQL token cache under MSAL's
/// account key; a scan's "session key" here only names that account (<c>signed-in:{oid}.{tid}</c>).
/// Only this host understands it: the Functions worker's queue refuses anything but its own
/// long-running session keys, so a web sign-in can never be borrowed through the queue.
/// </summary>
public sealed class SignedInUserGraphSessions(ITokenAcquisition tokens) : IDelegatedSessions, IDelegatedGraphTokens
{
    private const string Prefix = "signed-in:";

    public async Task<string> StartAsync(Guid tenantId, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(caller.GetObjectId(), out var objectId) || caller.GetTenantId() is not { } callerTenant || !Guid.TryParse(callerTenant, out var signedInTenant) || signedInTenant != tenantId)
        {
            throw new InvalidOperationException("A scan is started only by a user signed in to the same tenant.");
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{objectId:D}.{tenantId:D}");

        // One token now, so a revoked consent or a removed application fails the request, not the job.
        await GetAccessTokenAsync(tenantId, key, cancellationToken);
        return key;
    }

    /// <summary>The tokens belong to the sign-in, not to the scan: they go at sign-out or when the sign-in ends.</summary>
    public Task EndAsync(string sessionKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> GetAccessTokenAsync(Guid tenantId, string sessionKey, CancellationToken cancellationToken)
    {
        if (!TryParse(sessionKey, out var objectId, out var keyTenant) || keyTenant != tenantId)
        {
            throw new InvalidOperationException("This scan's session key is not a signed-in user of its tenant.");
        }

        // MSAL finds the account by its home id (uid.utid); no HttpContext is needed, so a background job can use it.
        var account = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimConstants.UniqueObjectIdentifier, objectId.ToString("D")),
            new Claim(ClaimConstants.UniqueTenantIdentifier, tenantId.ToString("D")),
            new Claim(ClaimConstants.ObjectId, objectId.ToString("D")),
            new Claim(ClaimConstants.TenantId, tenantId.ToString("D")),
        ]));
        return tokens.GetAccessTokenForUserAsync(
            GraphScopes.DelegatedFullyQualified,
            authenticationScheme: OpenIdConnectDefaults.AuthenticationScheme, // our session scheme is the default; Entra is the OIDC one
            tenantId: tenantId.ToString("D"),
            user: account,
            tokenAcquisitionOptions: new TokenAcquisitionOptions { CancellationToken = cancellationToken });
    }

    private static bool TryParse(string key, out Guid objectId, [NotNullWhen(true)] out Guid? tenantId)
    {
        objectId = Guid.Empty;
        tenantId = null;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length != Prefix.Length + 36 + 1 + 36 || key[Prefix.Length + 36] != '.')
        {
            return false;
        }

        if (!Guid.TryParseExact(key.AsSpan(Prefix.Length, 36), "D", out objectId) || !Guid.TryParseExact(key.AsSpan(Prefix.Length + 37), "D", out var tenant))
        {
            return false;
        }

        tenantId = tenant;
        return true;
    }
}

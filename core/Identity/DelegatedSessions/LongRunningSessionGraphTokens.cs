using IdentityOps.Core.Graph;
using Microsoft.Identity.Web;

namespace IdentityOps.Core.Identity.DelegatedSessions;

// Lives in Identity, not Graph: it checks the session key's format, which Identity owns (Graph only consumes tokens).
/// <summary>The API's kind: a long-running on-behalf-of session started from the admin's bearer token.</summary>
public sealed class LongRunningSessionGraphTokens(ITokenAcquisition tokens) : IDelegatedGraphTokens
{
    public Task<string> GetAccessTokenAsync(Guid tenantId, string sessionKey, CancellationToken cancellationToken)
    {
        // Only this host's own kind of key, of the scan's tenant: a web sign-in's account key never reads Graph here.
        if (!DelegatedSessionKey.TryGetTenant(sessionKey, out var keyTenant) || keyTenant != tenantId)
        {
            throw new InvalidOperationException("This scan's session key is not a long-running session of its tenant.");
        }

        var options = new TokenAcquisitionOptions { LongRunningWebApiSessionKey = sessionKey, CancellationToken = cancellationToken };

        // Always pass the tenant: without it a refresh goes to "organizations" (delegated-tokens.md).
        return tokens.GetAccessTokenForUserAsync(GraphScopes.DelegatedFullyQualified, tenantId: tenantId.ToString("D"), tokenAcquisitionOptions: options);
    }
}

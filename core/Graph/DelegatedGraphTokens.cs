using Microsoft.Identity.Web;

namespace IdentityOps.Core.Graph;

/// <summary>
/// Where a scan's Graph token comes from: always a delegated token of the admin who started the
/// scan, named by the job's session key. The kind of session depends on the host that started it.
/// </summary>
public interface IDelegatedGraphTokens
{
    Task<string> GetAccessTokenAsync(Guid tenantId, string sessionKey, CancellationToken cancellationToken);
}

using System.Security.Claims;

namespace IdentityOps.Core.Identity.DelegatedSessions;

/// <summary>
/// Long-running on-behalf-of sessions: the API starts one with the admin's incoming token, a job
/// continues it later with the key alone, and it ends when the job is done.
/// </summary>
public interface IDelegatedSessions
{
    /// <summary>Exchanges the caller's token for Graph tokens kept in the server-side cache; returns the session key.</summary>
    Task<string> StartAsync(Guid tenantId, ClaimsPrincipal caller, CancellationToken cancellationToken);

    /// <summary>Deletes the session's tokens. Ending an ended session does nothing.</summary>
    Task EndAsync(string sessionKey, CancellationToken cancellationToken);
}

using Microsoft.Graph;

namespace IdentityOps.Core.Graph;

/// <summary>Checks, before a scan starts anything, that Graph accepts the admin's delegated access.</summary>
public static class DelegatedAccessProbe
{
    /// <summary>The probe's one request, with the scope it needs (the sign-in's own <c>User.Read</c>).</summary>
    public static Collection.GraphRead Read { get; } = new(Collection.GraphRead.V1, "/organization?$select=id", "User.Read", "User.Read", Collection.GraphRead.NoRole, Collection.GraphRead.Documented("organization-list"));

    /// <summary>
    /// One small read (the organization's id): it takes the admin's token from the session and shows that
    /// Graph accepts it, so a revoked consent or a removed application fails the scan before anything starts.
    /// Throws what Graph throws; the caller decides what the failure means.
    /// </summary>
    public static Task ProbeDelegatedAccessAsync(this GraphServiceClient graph, CancellationToken cancellationToken)
        => graph.Organization.GetAsync(r => r.QueryParameters.Select = ["id"], cancellationToken);
}

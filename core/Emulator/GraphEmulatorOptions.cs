namespace IdentityOps.Emulator;

/// <summary>How the Graph emulator behaves beyond serving the tenant's data.</summary>
public sealed class GraphEmulatorOptions
{
    /// <summary>Whether the documented Graph limits answer <c>429 Too Many Requests</c>. The default is true.</summary>
    public bool ThrottlingEnabled { get; init; } = true;

    /// <summary>
    /// Throttle windows and Retry-After values are divided by this factor, so large tenants fit in minutes; both the
    /// emulator and the benchmark's "throttle-bound minimum time" (<see cref="GraphEmulatorBudgets"/>) use it.
    /// Budgets per window stay as documented. The default is 1 (real time).
    /// </summary>
    public double ThrottleSpeedFactor { get; init; } = 1;

    /// <summary>
    /// The tenant's licence and the signed-in admin's directory roles: reads they do not allow are refused as Graph
    /// refuses them (<see cref="GraphAccessRules"/>). The default is <see cref="TenantAccess.Unrestricted"/>.
    /// </summary>
    public TenantAccess Access { get; init; } = TenantAccess.Unrestricted;

    /// <summary>Injected faults. The default is <see cref="FaultPlan.None"/>.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>How long an <c>@odata.nextLink</c> stays usable. The default is 10 minutes.</summary>
    public TimeSpan PageTokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an <c>@odata.deltaLink</c> stays usable; Graph documents 7 days for directory resources. The default is 7 days.</summary>
    public TimeSpan DeltaTokenLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Whether a delta item of an updated object carries only its id and the properties that changed since the delta
    /// token, as the delta overview documents: "Updated instances are represented by their id with *at least* the
    /// properties that have been updated" (microsoftgraph/microsoft-graph-docs-contrib, concepts/delta-query-overview.md).
    /// A newly created object is sent whole. The default is true (Graph's least).
    /// </summary>
    public bool PartialDeltaItems { get; init; } = true;

    /// <summary>
    /// Whether every changed object is listed twice in a delta response ("It's possible that a single entity will be
    /// contained multiple times in the response", concepts/delta-query-overview.md). Graph does it only "under certain
    /// conditions", so the default is false; a test switches it on to hold the readers to it.
    /// </summary>
    public bool RepeatDeltaItems { get; init; }

    /// <summary>
    /// Whether a change to a navigation property (the inline <c>owners</c>) makes its object appear in a delta response.
    /// Graph: "Navigation properties are not supported … changes to it do not cause the … object to be included in the
    /// delta response" (concepts/delta-query-overview.md), so an owner-only change is left out. The default is false.
    /// </summary>
    public bool DeltaTracksNavigations { get; init; }

    /// <summary>
    /// The most items an expanded collection navigation (<c>$expand=owners</c>) carries, with no next link: "$expand: For
    /// directory objects, returns a maximum of 20 objects. No support for @odata.nextLink" (concepts/known-issues.md).
    /// The default is 20.
    /// </summary>
    public int ExpandLimit { get; init; } = 20;

    /// <summary>
    /// Objects deleted right after a listing returned them: collections still list them, but every request that
    /// addresses one by id (<c>applications/{id}/owners</c>, <c>groups/{id}/transitiveMembers</c>, in a <c>$batch</c> or
    /// not) answers 404 <c>Request_ResourceNotFound</c>, as Graph does for an object deleted mid-scan. The default is none.
    /// </summary>
    public IReadOnlySet<string> DeletedAfterListing { get; init; } = new HashSet<string>();

    /// <summary>
    /// Role definitions served as v1.0 documents them: without <c>isPrivileged</c> on any version, as a tenant whose
    /// beta answer lacks the flag. The default is false (beta carries it, as Microsoft documents).
    /// </summary>
    public bool RoleDefinitionsWithoutIsPrivileged { get; init; }

    /// <summary>
    /// A beta read of role definitions answers <c>403 Authorization_RequestDenied</c>, as for a cloud or an account
    /// that beta does not serve; v1.0 still answers. The default is false.
    /// </summary>
    public bool RefuseBetaRoleDefinitions { get; init; }

    /// <summary>The application id named in <c>x-ms-throttle-scope</c>. The default is a fixed, made-up id.</summary>
    public Guid ApplicationId { get; init; } = new("9a3d526c-b3c1-4479-ba74-197b5c5751ae");
}

using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Where one scan's collections put what they read, and the few questions a collection asks about
/// what the collections before it wrote. Graph owns this port and the persistence layer implements it
/// (<c>ScanInventoryWriter</c>), so collection code never sees a connection, a table or SQL. Nothing
/// written here is visible outside the scan until the scan completes. Every member is safe to call
/// from concurrent collections.
/// </summary>
public interface IInventorySink
{
    Guid TenantId { get; }

    Guid ScanId { get; }

    /// <summary>Appends rows of one record type. A row of another tenant is refused, before anything of it is written.</summary>
    Task WriteAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class, ITenantOwned;

    /// <summary>Removes this scan's rows of a record type whose object id is in <paramref name="objectIds"/> (changed or deleted objects of a delta).</summary>
    Task RemoveAsync<T>(IReadOnlyCollection<Guid> objectIds, CancellationToken cancellationToken)
        where T : class, ITenantOwned;

    /// <summary>Removes this scan's rows of a record type whose text key (grant ids) is in <paramref name="keys"/>.</summary>
    Task RemoveByKeyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        where T : class, ITenantOwned;

    /// <summary>
    /// This scan's rows of a record type whose object id is in <paramref name="objectIds"/> (the baseline a delta started
    /// from, or what it wrote since): a partial delta item is merged into them.
    /// </summary>
    Task<IReadOnlyList<T>> ReadAsync<T>(IReadOnlyCollection<Guid> objectIds, CancellationToken cancellationToken)
        where T : class, ITenantOwned;

    /// <summary>This scan's rows of a record type whose text key (grant ids) is in <paramref name="keys"/>.</summary>
    Task<IReadOnlyList<T>> ReadByKeyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        where T : class, ITenantOwned;

    /// <summary>Rows of one record type collected so far in this scan.</summary>
    Task<long> CountAsync<T>(CancellationToken cancellationToken)
        where T : class, ITenantOwned;

    /// <summary>
    /// Starts a collection from a previous scan's rows (for delta queries): takes a share of them over
    /// under this scan, so only the changes need to be read from Graph.
    /// </summary>
    Task CopyBaselineAsync(InventoryShare share, Guid previousScanId, CancellationToken cancellationToken);

    /// <summary>Drops whatever a collection wrote so far (its read restarts, or it became unavailable).</summary>
    Task ClearAsync(IReadOnlyList<InventoryShare> shares, CancellationToken cancellationToken);

    /// <summary>A collection is done: its shares move on towards the scan's stored inventory.</summary>
    Task PublishAsync(IReadOnlyList<InventoryShare> shares, CancellationToken cancellationToken);

    /// <summary>Object ids of this scan's service principals of the given applications.</summary>
    Task<IReadOnlyList<Guid>> ServicePrincipalIdsAsync(Guid[] appIds, CancellationToken cancellationToken);

    /// <summary>
    /// Object ids of the users this scan found holding a privileged directory role: the principal of an
    /// assignment whose definition is marked <c>isPrivileged</c>, or a member of a group that is one.
    /// </summary>
    Task<IReadOnlyList<Guid>> PrivilegedUserIdsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Object ids of this scan's app registrations whose service principal holds one of the given
    /// application permissions (app role ids) or a privileged directory role.
    /// </summary>
    Task<IReadOnlyList<Guid>> PrivilegedApplicationIdsAsync(Guid[] appRoleIds, CancellationToken cancellationToken);

    /// <summary>
    /// Object ids of this scan's service principals that hold one of the given application permissions (app role ids)
    /// or a privileged directory role, through their own assignment or as a member of a group that holds one.
    /// </summary>
    Task<IReadOnlyList<Guid>> PrivilegedServicePrincipalIdsAsync(Guid[] appRoleIds, CancellationToken cancellationToken);
}

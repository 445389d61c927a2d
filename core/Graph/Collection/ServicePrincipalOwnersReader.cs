using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Owners of the privileged service principals (fills <see cref="OwnerRecord"/> with
/// <see cref="OwnedObjectKind.ServicePrincipal"/>): those that hold an application permission that is a path to Global
/// Administrator, or a privileged directory role, as this scan's <c>appRoleAssignments</c> and <c>directoryRoles</c>
/// found them. An owner of a service principal can add a credential to it and sign in as the app, like an owner of its
/// app registration. Owners are a navigation Graph lists per object (<c>servicePrincipals/{id}/owners</c>); reading every
/// service principal's (thousands, most of them Microsoft's) would cost a request each, so only the privileged few are
/// read, 20 to a <c>$batch</c>, each listing followed whole. Other service principals' owners are not collected.
/// </summary>
internal sealed class ServicePrincipalOwnersReader(TimeProvider time) : CollectionReader
{
    public override string Name => "servicePrincipalOwners";

    // The same owner properties as an app registration's owners (ApplicationsReader.OwnerSelect): who it is, not more.
    public override IReadOnlyList<GraphRead> Reads { get; } =
        [new(GraphRead.V1, "/servicePrincipals/{id}/owners (in $batch)", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, GraphRead.Documented("serviceprincipal-list-owners"))];

    public override IReadOnlyList<string> DependsOn => ["servicePrincipals", "appRoleAssignments", "directoryRoles"];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.Owners(OwnedObjectKind.ServicePrincipal)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var privilegedPermissions = GraphPermissionTiers.All.Where(p => p.Tier is PermissionTier.Direct or PermissionTier.Indirect).Select(p => p.Id).ToArray();
        var servicePrincipals = await context.Inventory.PrivilegedServicePrincipalIdsAsync(privilegedPermissions, cancellationToken);
        var rows = context.Buffer<OwnerRecord>();
        var seen = new HashSet<(Guid, Guid)>();
        var gone = new List<Guid>();
        await GraphBatch.ReadAllAsync<DirectoryObjectCollectionResponse>(
            context.Graph,
            servicePrincipals.ToDictionary(
                id => id.ToString("D"),
                id => context.Graph.ServicePrincipals[id.ToString("D")].Owners.ToGetRequestInformation(r => r.QueryParameters.Select = ApplicationsReader.OwnerSelect),
                StringComparer.Ordinal),
            (servicePrincipalId, link, ct) => context.Graph.ServicePrincipals[servicePrincipalId].Owners.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (servicePrincipalId, page, ct) =>
            {
                var owned = Guid.Parse(servicePrincipalId);
                foreach (var owner in GraphMapping.Owners(page.Value, context.TenantId, context.ScanId, owned, OwnedObjectKind.ServicePrincipal, tally))
                {
                    if (seen.Add((owned, owner.OwnerObjectId)))
                    {
                        await rows.AddAsync(owner, ct);
                        tally.Kept++;
                    }
                }
            },
            servicePrincipalId => gone.Add(Guid.Parse(servicePrincipalId)),
            time,
            cancellationToken);
        await rows.FlushAsync(cancellationToken);

        // A service principal deleted after appRoleAssignments named it answers 404: its owner rows written so far go too.
        if (gone.Count > 0)
        {
            await context.Inventory.RemoveAsync<OwnerRecord>(gone, cancellationToken);
            foreach (var _ in gone)
            {
                tally.Skip("a service principal deleted while the scan read its owners");
            }
        }

        var notes = tally.Warnings();
        return new CollectionOutcome(Name, tally.Kept, null, servicePrincipals.Count == 0 ? [.. notes, "no service principal holds a privileged permission or role"] : notes, ViaDelta: false);
    }
}

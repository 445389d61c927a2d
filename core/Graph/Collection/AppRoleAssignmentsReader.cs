using IdentityOps.Core.Inventory;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Application permissions granted on the resource service principals that matter (fills
/// <see cref="AppRoleAssignmentRecord"/>): one <c>appRoleAssignedTo</c> listing per resource,
/// batched, instead of one <c>appRoleAssignments</c> call per service principal (peers that do
/// the latter take hours on large tenants).
/// </summary>
internal sealed class AppRoleAssignmentsReader(TimeProvider time) : CollectionReader
{
    /// <summary>
    /// The Microsoft resource applications whose application permissions reach tenant-wide data:
    /// Microsoft Graph, Office 365 Exchange Online, SharePoint Online, and the retired Azure AD Graph.
    /// </summary>
    internal static readonly string[] ResourceAppIds =
    [
        "00000003-0000-0000-c000-000000000000",
        "00000002-0000-0ff1-ce00-000000000000",
        "00000003-0000-0ff1-ce00-000000000000",
        "00000002-0000-0000-c000-000000000000",
    ];

    internal static readonly string[] Select = ["id", "appRoleId", "principalId", "principalType", "principalDisplayName", "resourceId", "resourceDisplayName", "createdDateTime"];

    public override string Name => "appRoleAssignments";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id", "principalId", "resourceId", "appRoleId");

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/servicePrincipals/{id}/appRoleAssignedTo (in $batch)", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, GraphRead.Documented("serviceprincipal-list-approleassignedto"))];

    public override IReadOnlyList<string> DependsOn => ["servicePrincipals"];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<AppRoleAssignmentRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        // The resources' object ids are in this scan's service principals already: no extra request.
        var resourceIds = (await context.Inventory.ServicePrincipalIdsAsync(ResourceAppIds.Select(Guid.Parse).ToArray(), cancellationToken))
            .Select(id => id.ToString("D"))
            .ToList();

        var rows = context.Buffer<AppRoleAssignmentRecord>();
        var firstCopies = new FirstCopies<string>(tally, "an app role assignment");
        await GraphBatch.ReadAllAsync<AppRoleAssignmentCollectionResponse>(
            context.Graph,
            resourceIds.ToDictionary(
                id => id,
                id => context.Graph.ServicePrincipals[id].AppRoleAssignedTo.ToGetRequestInformation(r => { r.QueryParameters.Select = Select; r.QueryParameters.Top = 999; }),
                StringComparer.Ordinal),
            (resourceId, link, ct) => context.Graph.ServicePrincipals[resourceId].AppRoleAssignedTo.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (_, page, ct) =>
            {
                foreach (var assignment in page.Value ?? [])
                {
                    context.Presence("appRoleAssignments").Observe(assignment);
                    await AddAsync(context, assignment, rows, firstCopies, tally, ct);
                }
            },
            _ => tally.Skip("a resource service principal deleted while the scan read it"),
            time,
            cancellationToken);

        await rows.FlushAsync(cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    private static async Task AddAsync(ScanCollectionContext context, AppRoleAssignment assignment, RowBuffer<AppRoleAssignmentRecord> rows, FirstCopies<string> firstCopies, CollectionTally tally, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(assignment.Id) || assignment.AppRoleId is not { } roleId || assignment.PrincipalId is not { } principalId || assignment.ResourceId is not { } resourceId)
        {
            tally.Skip("an app role assignment without a valid id, appRoleId, principalId or resourceId");
            return;
        }

        if (!firstCopies.Admit(assignment.Id))
        {
            return;
        }

        await rows.AddAsync(
            new AppRoleAssignmentRecord
            {
                TenantId = context.TenantId,
                ScanId = context.ScanId,
                AssignmentId = assignment.Id,
                AppRoleId = roleId,
                PrincipalId = principalId,
                PrincipalType = assignment.PrincipalType ?? string.Empty,
                PrincipalDisplayName = assignment.PrincipalDisplayName,
                ResourceId = resourceId,
                ResourceDisplayName = assignment.ResourceDisplayName,
                CreatedAt = assignment.CreatedDateTime,
            },
            cancellationToken);
        tally.Kept++;
    }
}

using IdentityOps.Core.Inventory;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>Enterprise applications and managed identities with their credentials' metadata (fills <see cref="ServicePrincipalRecord"/>, <see cref="CredentialRecord"/>).</summary>
internal sealed class ServicePrincipalsReader : DeltaCollectionReader<ServicePrincipal>
{
    internal static readonly string[] Select =
    [
        "id", "appId", "displayName", "servicePrincipalType", "appOwnerOrganizationId", "accountEnabled",
        "signInAudience", "verifiedPublisher", "tags", "passwordCredentials", "keyCredentials", "appRoleAssignmentRequired",
    ];

    public override string Name => "servicePrincipals";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id", "appId");

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/servicePrincipals", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, "api-reference/v1.0/api/serviceprincipal-list.md (not re-read)"),
        new(GraphRead.V1, "/servicePrincipals/delta", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, "api-reference/v1.0/api/serviceprincipal-delta.md (not re-read)"),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } =
        [InventoryShare.All<ServicePrincipalRecord>(), InventoryShare.Credentials(CredentialOwnerKind.ServicePrincipal)];

    protected override async Task<string?> LatestDeltaLinkAsync(GraphServiceClient graph, CancellationToken cancellationToken)
        => (await graph.ServicePrincipals.Delta.WithUrl(LatestUrl(graph, "servicePrincipals")).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken))?.OdataDeltaLink;

    protected override async Task ReadFullAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken)
    {
        var sink = new Sink(context, tally);
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.ServicePrincipals.GetAsync(r => { r.QueryParameters.Select = Select; r.QueryParameters.Top = 999; }, ct),
            (link, ct) => context.Graph.ServicePrincipals.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var sp in page.Value ?? [])
                {
                    await sink.AddAsync(sp, ct);
                }
            },
            cancellationToken);
        await sink.FlushAsync(cancellationToken);
    }

    protected override async Task<DeltaPage> ReadDeltaPageAsync(GraphServiceClient graph, string link, CancellationToken cancellationToken)
    {
        var page = await graph.ServicePrincipals.Delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph answered a delta request with an empty body.");
        return new DeltaPage(page.Value ?? [], page.OdataNextLink, page.OdataDeltaLink);
    }

    protected override async Task ApplyChangesAsync(
        ScanCollectionContext context, IReadOnlyList<ServicePrincipal> changed, IReadOnlyList<string> removedIds, CollectionTally tally, CancellationToken cancellationToken)
    {
        var changedIds = changed.Select(sp => GraphMapping.ParseId(sp.Id)).OfType<Guid>().Distinct().ToArray();
        var storedPrincipals = (await context.Inventory.ReadAsync<ServicePrincipalRecord>(changedIds, cancellationToken)).DistinctBy(sp => sp.ObjectId).ToDictionary(sp => sp.ObjectId);
        var storedCredentials = (await context.Inventory.ReadAsync<CredentialRecord>(changedIds, cancellationToken)).ToLookup(c => c.OwnerObjectId);
        var touched = changedIds.Concat(removedIds.Select(GraphMapping.ParseId).OfType<Guid>()).ToArray();
        await context.Inventory.RemoveAsync<ServicePrincipalRecord>(touched, cancellationToken);
        await context.Inventory.RemoveAsync<CredentialRecord>(touched, cancellationToken);

        // Each copy of an object is laid over the state the copies before it (or the stored row) left.
        var merged = new Dictionary<Guid, (ServicePrincipalRecord Principal, List<CredentialRecord> Credentials)>();
        foreach (var sp in changed)
        {
            if (GraphMapping.ParseId(sp.Id) is not { } objectId)
            {
                tally.Skip("a service principal without a valid id or appId");
                continue;
            }

            (ServicePrincipalRecord Principal, List<CredentialRecord> Credentials)? before = merged.TryGetValue(objectId, out var folded) ? folded
                : storedPrincipals.TryGetValue(objectId, out var stored) ? (stored, storedCredentials[objectId].ToList())
                : null;
            if (before is not { } current)
            {
                // A new object arrives whole ("standard representation"), so it needs its appId like a full read.
                if (GraphMapping.ParseId(sp.AppId) is not { } newAppId)
                {
                    tally.Skip("a service principal without a valid id or appId");
                    continue;
                }

                merged[objectId] = (
                    GraphMapping.ToRecord(sp, context.TenantId, context.ScanId, objectId, newAppId),
                    [.. GraphMapping.Credentials(sp.PasswordCredentials, sp.KeyCredentials, CredentialOwnerKind.ServicePrincipal, context.TenantId, context.ScanId, objectId).DistinctBy(c => (c.Kind, c.CredentialId))]);
                continue;
            }

            merged[objectId] = (
                GraphMapping.Merge(current.Principal, sp, GraphMapping.ParseId(sp.AppId) ?? current.Principal.AppId),
                [.. GraphMapping.MergeCredentials(current.Credentials, sp, sp.PasswordCredentials, sp.KeyCredentials, CredentialOwnerKind.ServicePrincipal, context.TenantId, context.ScanId, objectId)]);
        }

        var principals = context.Buffer<ServicePrincipalRecord>();
        var credentials = context.Buffer<CredentialRecord>();
        foreach (var (principal, principalCredentials) in merged.Values)
        {
            await principals.AddAsync(principal, cancellationToken);
            foreach (var credential in principalCredentials)
            {
                await credentials.AddAsync(credential, cancellationToken);
            }
        }

        await principals.FlushAsync(cancellationToken);
        await credentials.FlushAsync(cancellationToken);
    }

    protected override Task<long> CountAsync(ScanCollectionContext context, CancellationToken cancellationToken)
        => context.Inventory.CountAsync<ServicePrincipalRecord>(cancellationToken);

    private sealed class Sink(ScanCollectionContext context, CollectionTally tally)
    {
        private readonly FirstCopies<Guid> firstCopies = new(tally, "a service principal");
        private readonly RowBuffer<ServicePrincipalRecord> servicePrincipals = context.Buffer<ServicePrincipalRecord>();
        private readonly RowBuffer<CredentialRecord> credentials = context.Buffer<CredentialRecord>();

        public async Task AddAsync(ServicePrincipal sp, CancellationToken cancellationToken)
        {
            context.Presence("servicePrincipals").Observe(sp);
            if (GraphMapping.ParseId(sp.Id) is not { } objectId || GraphMapping.ParseId(sp.AppId) is not { } appId)
            {
                tally.Skip("a service principal without a valid id or appId");
                return;
            }

            if (!firstCopies.Admit(objectId))
            {
                return;
            }

            await servicePrincipals.AddAsync(GraphMapping.ToRecord(sp, context.TenantId, context.ScanId, objectId, appId), cancellationToken);
            foreach (var credential in GraphMapping.Credentials(sp.PasswordCredentials, sp.KeyCredentials, CredentialOwnerKind.ServicePrincipal, context.TenantId, context.ScanId, objectId).DistinctBy(c => (c.Kind, c.CredentialId)))
            {
                await credentials.AddAsync(credential, cancellationToken);
            }

            tally.Kept++;
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await servicePrincipals.FlushAsync(cancellationToken);
            await credentials.FlushAsync(cancellationToken);
        }
    }
}

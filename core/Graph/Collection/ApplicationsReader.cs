using IdentityOps.Core.Inventory;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>App registrations with their credentials' metadata and owners (fills <see cref="ApplicationRecord"/>, <see cref="CredentialRecord"/>, <see cref="OwnerRecord"/>).</summary>
internal sealed class ApplicationsReader(TimeProvider time) : DeltaCollectionReader<Application>
{
    internal static readonly string[] Select =
    [
        "id", "appId", "displayName", "signInAudience", "publisherDomain", "verifiedPublisher", "createdDateTime",
        "web", "spa", "publicClient", "requiredResourceAccess", "passwordCredentials", "keyCredentials",
    ];

    // $expand returns up to 20 owners per app inline, which is all the owner rules need.
    internal static readonly string[] OwnerSelect = ["id", "displayName", "userType", "accountEnabled"];
    internal static readonly string[] Expand = [$"owners($select={string.Join(',', OwnerSelect)})"];

    public override string Name => "applications";

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/applications?$expand=owners", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, GraphRead.Documented("application-list")),
        new(GraphRead.V1, "/applications/delta", "Directory.Read.All", "Directory.Read.All", GraphRead.NoRole, GraphRead.Documented("application-delta")),
        new(GraphRead.V1, "/applications/{id}/owners", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, GraphRead.Documented("application-list-owners")),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } =
        [InventoryShare.All<ApplicationRecord>(), InventoryShare.Credentials(CredentialOwnerKind.Application), InventoryShare.All<OwnerRecord>()];

    protected override async Task<string?> LatestDeltaLinkAsync(GraphServiceClient graph, CancellationToken cancellationToken)
        => (await graph.Applications.Delta.WithUrl(LatestUrl(graph, "applications")).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken))?.OdataDeltaLink;

    protected override async Task ReadFullAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken)
    {
        var sink = new Sink(context, tally);
        await GraphPaging.ReadAllAsync(
            ct => context.Graph.Applications.GetAsync(r => { r.QueryParameters.Select = Select; r.QueryParameters.Expand = Expand; r.QueryParameters.Top = 999; }, ct),
            (link, ct) => context.Graph.Applications.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var app in page.Value ?? [])
                {
                    await sink.AddAsync(app, app.Owners, ct);
                }
            },
            cancellationToken);
        await sink.FlushAsync(cancellationToken);
    }

    protected override async Task<DeltaPage> ReadDeltaPageAsync(GraphServiceClient graph, string link, CancellationToken cancellationToken)
    {
        var page = await graph.Applications.Delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph answered a delta request with an empty body.");
        return new DeltaPage(page.Value ?? [], page.OdataNextLink, page.OdataDeltaLink);
    }

    protected override async Task ApplyChangesAsync(
        ScanCollectionContext context, IReadOnlyList<Application> changed, IReadOnlyList<string> removedIds, CollectionTally tally, CancellationToken cancellationToken)
    {
        var touched = changed.Select(a => a.Id).Concat(removedIds).Select(GraphMapping.ParseId).OfType<Guid>().ToArray();
        await context.Inventory.RemoveAsync<ApplicationRecord>(touched, cancellationToken);
        await context.Inventory.RemoveAsync<CredentialRecord>(touched, cancellationToken);
        await context.Inventory.RemoveAsync<OwnerRecord>(touched, cancellationToken);
        if (changed.Count == 0)
        {
            return;
        }

        // Delta items carry no expanded owners: read the changed apps' owners in $batch requests.
        var requests = changed.Where(a => a.Id is not null).ToDictionary(
            a => a.Id!,
            a => context.Graph.Applications[a.Id].Owners.ToGetRequestInformation(r => r.QueryParameters.Select = OwnerSelect),
            StringComparer.Ordinal);
        var owners = await GraphBatch.GetAsync<DirectoryObjectCollectionResponse>(context.Graph, requests, time, cancellationToken);

        var sink = new Sink(context, tally);
        foreach (var app in changed)
        {
            await sink.AddAsync(app, app.Id is not null && owners.TryGetValue(app.Id, out var page) ? page?.Value : null, cancellationToken);
        }

        await sink.FlushAsync(cancellationToken);
    }

    protected override Task<long> CountAsync(ScanCollectionContext context, CancellationToken cancellationToken)
        => context.Inventory.CountAsync<ApplicationRecord>(cancellationToken);

    private sealed class Sink(ScanCollectionContext context, CollectionTally tally)
    {
        private readonly FirstCopies<Guid> firstCopies = new(tally, "an application");
        private readonly RowBuffer<ApplicationRecord> applications = context.Buffer<ApplicationRecord>();
        private readonly RowBuffer<CredentialRecord> credentials = context.Buffer<CredentialRecord>();
        private readonly RowBuffer<OwnerRecord> owners = context.Buffer<OwnerRecord>();

        public async Task AddAsync(Application app, IEnumerable<DirectoryObject>? appOwners, CancellationToken cancellationToken)
        {
            if (GraphMapping.ParseId(app.Id) is not { } objectId || GraphMapping.ParseId(app.AppId) is not { } appId)
            {
                tally.Skip("an application without a valid id or appId");
                return;
            }

            if (!firstCopies.Admit(objectId))
            {
                return;
            }

            await applications.AddAsync(GraphMapping.ToRecord(app, context.TenantId, context.ScanId, objectId, appId), cancellationToken);
            foreach (var credential in GraphMapping.Credentials(app.PasswordCredentials, app.KeyCredentials, CredentialOwnerKind.Application, context.TenantId, context.ScanId, objectId).DistinctBy(c => c.CredentialId))
            {
                await credentials.AddAsync(credential, cancellationToken);
            }

            foreach (var owner in GraphMapping.Owners(appOwners, context.TenantId, context.ScanId, objectId).DistinctBy(o => o.OwnerObjectId))
            {
                await owners.AddAsync(owner, cancellationToken);
            }

            tally.Kept++;
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await applications.FlushAsync(cancellationToken);
            await credentials.FlushAsync(cancellationToken);
            await owners.FlushAsync(cancellationToken);
        }
    }
}

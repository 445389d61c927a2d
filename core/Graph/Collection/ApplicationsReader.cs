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

    // $expand on directory objects "returns a maximum of 20 objects", with "no support for @odata.nextLink" and "no
    // support for nesting other query parameters such as $filter and $select" (concepts/known-issues.md in
    // microsoftgraph/microsoft-graph-docs-contrib): the expand carries no nested $select, and an app that comes back
    // with 20 owners has its owners read again by their own listing, paged.
    internal const int ExpandLimit = 20;
    internal static readonly string[] OwnerSelect = ["id", "displayName", "userType", "accountEnabled"];
    internal static readonly string[] Expand = ["owners"];

    public override string Name => "applications";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of([.. Select, "owners"], "id", "appId");

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/applications?$expand=owners", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, GraphRead.Documented("application-list")),
        new(GraphRead.V1, "/applications/delta", "Directory.Read.All", "Directory.Read.All", GraphRead.NoRole, GraphRead.Documented("application-delta")),
        new(GraphRead.V1, "/applications/{id}/owners", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, GraphRead.Documented("application-list-owners")),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } =
        [InventoryShare.All<ApplicationRecord>(), InventoryShare.Credentials(CredentialOwnerKind.Application), InventoryShare.Owners(OwnedObjectKind.Application)];

    // Owners are a navigation property, which delta does not track: a delta scan reads them all again.
    internal override IReadOnlyList<InventoryShare> BaselineShares { get; } =
        [InventoryShare.All<ApplicationRecord>(), InventoryShare.Credentials(CredentialOwnerKind.Application)];

    protected override async Task<string?> LatestDeltaLinkAsync(GraphServiceClient graph, CancellationToken cancellationToken)
        => (await graph.Applications.Delta.WithUrl(LatestUrl(graph, "applications")).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken))?.OdataDeltaLink;

    protected override async Task ReadFullAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken)
    {
        var sink = new Sink(context, tally);
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.Applications.GetAsync(r => { r.QueryParameters.Select = Select; r.QueryParameters.Expand = Expand; r.QueryParameters.Top = 999; }, ct),
            (link, ct) => context.Graph.Applications.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var app in page.Value ?? [])
                {
                    await sink.AddAsync(app, ct);
                }
            },
            cancellationToken);
        await sink.FlushAsync(cancellationToken);
        await ReadAllOwnersAsync(context, sink.Crowded, tally, cancellationToken);
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
        var changedIds = changed.Select(a => GraphMapping.ParseId(a.Id)).OfType<Guid>().Distinct().ToArray();
        var storedApps = (await context.Inventory.ReadAsync<ApplicationRecord>(changedIds, cancellationToken)).DistinctBy(a => a.ObjectId).ToDictionary(a => a.ObjectId);
        var storedCredentials = (await context.Inventory.ReadAsync<CredentialRecord>(changedIds, cancellationToken)).ToLookup(c => c.OwnerObjectId);
        var touched = changedIds.Concat(removedIds.Select(GraphMapping.ParseId).OfType<Guid>()).ToArray();
        await context.Inventory.RemoveAsync<ApplicationRecord>(touched, cancellationToken);
        await context.Inventory.RemoveAsync<CredentialRecord>(touched, cancellationToken);

        // Each copy of an object is laid over the state the copies before it (or the stored row) left.
        var merged = new Dictionary<Guid, (ApplicationRecord App, List<CredentialRecord> Credentials)>();
        foreach (var app in changed)
        {
            if (GraphMapping.ParseId(app.Id) is not { } objectId)
            {
                tally.Skip("an application without a valid id or appId");
                continue;
            }

            (ApplicationRecord App, List<CredentialRecord> Credentials)? before = merged.TryGetValue(objectId, out var folded) ? folded
                : storedApps.TryGetValue(objectId, out var stored) ? (stored, storedCredentials[objectId].ToList())
                : null;
            if (before is not { } current)
            {
                // A new object arrives whole ("standard representation"), so it needs its appId like a full read.
                if (GraphMapping.ParseId(app.AppId) is not { } newAppId)
                {
                    tally.Skip("an application without a valid id or appId");
                    continue;
                }

                merged[objectId] = (
                    GraphMapping.ToRecord(app, context.TenantId, context.ScanId, objectId, newAppId),
                    [.. GraphMapping.Credentials(app.PasswordCredentials, app.KeyCredentials, CredentialOwnerKind.Application, context.TenantId, context.ScanId, objectId).DistinctBy(c => (c.Kind, c.CredentialId))]);
                continue;
            }

            var appId = GraphMapping.ParseId(app.AppId) ?? current.App.AppId;
            merged[objectId] = (
                GraphMapping.Merge(current.App, app, appId),
                [.. GraphMapping.MergeCredentials(current.Credentials, app, app.PasswordCredentials, app.KeyCredentials, CredentialOwnerKind.Application, context.TenantId, context.ScanId, objectId)]);
        }

        var applications = context.Buffer<ApplicationRecord>();
        var credentials = context.Buffer<CredentialRecord>();
        foreach (var (app, appCredentials) in merged.Values)
        {
            await applications.AddAsync(app, cancellationToken);
            foreach (var credential in appCredentials)
            {
                await credentials.AddAsync(credential, cancellationToken);
            }
        }

        await applications.FlushAsync(cancellationToken);
        await credentials.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Delta does not track owners ("Navigation properties are not supported", concepts/delta-query-overview.md), so
    /// every delta scan reads them again: one listing of ids with owners expanded, 999 apps to a page, and the apps
    /// with more than <see cref="ExpandLimit"/> owners by their own owners listing.
    /// </summary>
    protected override async Task RefreshAfterDeltaAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken)
    {
        var owners = new OwnerRows(context, tally);
        var crowded = new List<Guid>();
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.Applications.GetAsync(r => { r.QueryParameters.Select = ["id"]; r.QueryParameters.Expand = Expand; r.QueryParameters.Top = 999; }, ct),
            (link, ct) => context.Graph.Applications.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var app in page.Value ?? [])
                {
                    if (GraphMapping.ParseId(app.Id) is { } objectId && !await owners.AddExpandedAsync(objectId, app.Owners, ct))
                    {
                        crowded.Add(objectId);
                    }
                }
            },
            cancellationToken);
        await owners.FlushAsync(cancellationToken);
        await ReadAllOwnersAsync(context, crowded, tally, cancellationToken);
    }

    /// <summary>
    /// The owners of apps whose expanded owners were cut at <see cref="ExpandLimit"/>, 20 apps to a <c>$batch</c>, each
    /// listing followed whole. An app deleted after the listing that named it answers 404: it is lost, counted, and the
    /// rows written for it are removed; the collection stays available.
    /// </summary>
    private async Task ReadAllOwnersAsync(ScanCollectionContext context, List<Guid> apps, CollectionTally tally, CancellationToken cancellationToken)
    {
        if (apps.Count == 0)
        {
            return;
        }

        var owners = new OwnerRows(context, tally);
        var gone = new List<Guid>();
        await GraphBatch.ReadAllAsync<DirectoryObjectCollectionResponse>(
            context.Graph,
            apps.Distinct().ToDictionary(
                id => id.ToString("D"),
                id => context.Graph.Applications[id.ToString("D")].Owners.ToGetRequestInformation(r => r.QueryParameters.Select = OwnerSelect),
                StringComparer.Ordinal),
            (appId, link, ct) => context.Graph.Applications[appId].Owners.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            (appId, page, ct) => owners.AddAsync(Guid.Parse(appId), page.Value, ct),
            appId => gone.Add(Guid.Parse(appId)),
            time,
            cancellationToken);
        await owners.FlushAsync(cancellationToken);
        if (gone.Count == 0)
        {
            return;
        }

        await context.Inventory.RemoveAsync<ApplicationRecord>(gone, cancellationToken);
        await context.Inventory.RemoveAsync<CredentialRecord>(gone, cancellationToken);
        await context.Inventory.RemoveAsync<OwnerRecord>(gone, cancellationToken);
        foreach (var _ in gone)
        {
            tally.Gone("an application");
        }
    }

    protected override Task<long> CountAsync(ScanCollectionContext context, CancellationToken cancellationToken)
        => context.Inventory.CountAsync<ApplicationRecord>(cancellationToken);

    /// <summary>Owner rows, each (app, owner) once; an owner without a valid id is counted on <paramref name="tally"/>.</summary>
    private sealed class OwnerRows(ScanCollectionContext context, CollectionTally tally)
    {
        private readonly HashSet<(Guid, Guid)> seen = [];
        private readonly RowBuffer<OwnerRecord> rows = context.Buffer<OwnerRecord>();

        /// <summary>Writes an app's expanded owners; false when there may be more than the expand returned (none written then).</summary>
        public async Task<bool> AddExpandedAsync(Guid appObjectId, IEnumerable<DirectoryObject>? owners, CancellationToken cancellationToken)
        {
            var listed = owners?.ToList() ?? [];
            if (listed.Count >= ExpandLimit)
            {
                return false;
            }

            await AddAsync(appObjectId, listed, cancellationToken);
            return true;
        }

        public async Task AddAsync(Guid appObjectId, IEnumerable<DirectoryObject>? owners, CancellationToken cancellationToken)
        {
            foreach (var owner in GraphMapping.Owners(owners, context.TenantId, context.ScanId, appObjectId, OwnedObjectKind.Application, tally))
            {
                if (seen.Add((appObjectId, owner.OwnerObjectId)))
                {
                    await rows.AddAsync(owner, cancellationToken);
                }
            }
        }

        public Task FlushAsync(CancellationToken cancellationToken) => rows.FlushAsync(cancellationToken);
    }

    private sealed class Sink(ScanCollectionContext context, CollectionTally tally)
    {
        private readonly FirstCopies<Guid> firstCopies = new(tally, "an application");
        private readonly RowBuffer<ApplicationRecord> applications = context.Buffer<ApplicationRecord>();
        private readonly RowBuffer<CredentialRecord> credentials = context.Buffer<CredentialRecord>();
        private readonly OwnerRows owners = new(context, tally);

        /// <summary>Apps whose expanded owners may have been cut at the expand limit: their owners are read by their own listing.</summary>
        public List<Guid> Crowded { get; } = [];

        public async Task AddAsync(Application app, CancellationToken cancellationToken)
        {
            context.Presence("applications").Observe(app);
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
            foreach (var credential in GraphMapping.Credentials(app.PasswordCredentials, app.KeyCredentials, CredentialOwnerKind.Application, context.TenantId, context.ScanId, objectId).DistinctBy(c => (c.Kind, c.CredentialId)))
            {
                await credentials.AddAsync(credential, cancellationToken);
            }

            if (!await owners.AddExpandedAsync(objectId, app.Owners, cancellationToken))
            {
                Crowded.Add(objectId);
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

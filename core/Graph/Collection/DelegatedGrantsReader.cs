using IdentityOps.Core.Inventory;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>Delegated permission grants, admin (AllPrincipals) and user (Principal) consents (fills <see cref="DelegatedGrantRecord"/>).</summary>
internal sealed class DelegatedGrantsReader : DeltaCollectionReader<OAuth2PermissionGrant>
{
    internal static readonly string[] Select = ["id", "clientId", "consentType", "principalId", "resourceId", "scope"];

    public override string Name => "oauth2PermissionGrants";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id", "clientId", "resourceId");

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/oauth2PermissionGrants", "Directory.Read.All", "Directory.Read.All", GraphRead.NoRole, GraphRead.Documented("oauth2permissiongrant-list")),
        new(GraphRead.V1, "/oauth2PermissionGrants/delta", "Directory.Read.All", "Directory.Read.All", GraphRead.NoRole, "assumed as the list (delta include not re-read)"),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<DelegatedGrantRecord>()];

    protected override async Task<string?> LatestDeltaLinkAsync(GraphServiceClient graph, CancellationToken cancellationToken)
        => (await graph.Oauth2PermissionGrants.Delta.WithUrl(LatestUrl(graph, "oauth2PermissionGrants")).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken))?.OdataDeltaLink;

    protected override async Task ReadFullAsync(ScanCollectionContext context, CollectionTally tally, CancellationToken cancellationToken)
    {
        var sink = new Sink(context, tally);
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.Oauth2PermissionGrants.GetAsync(r => { r.QueryParameters.Select = Select; r.QueryParameters.Top = 999; }, ct),
            (link, ct) => context.Graph.Oauth2PermissionGrants.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var grant in page.Value ?? [])
                {
                    await sink.AddAsync(grant, ct);
                }
            },
            cancellationToken);
        await sink.FlushAsync(cancellationToken);
    }

    protected override async Task<DeltaPage> ReadDeltaPageAsync(GraphServiceClient graph, string link, CancellationToken cancellationToken)
    {
        var page = await graph.Oauth2PermissionGrants.Delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken)
            ?? throw new GraphCollectionException("Graph answered a delta request with an empty body.");
        return new DeltaPage(page.Value ?? [], page.OdataNextLink, page.OdataDeltaLink);
    }

    protected override async Task ApplyChangesAsync(
        ScanCollectionContext context, IReadOnlyList<OAuth2PermissionGrant> changed, IReadOnlyList<string> removedIds, CollectionTally tally, CancellationToken cancellationToken)
    {
        var changedIds = changed.Select(g => g.Id!).Distinct(StringComparer.Ordinal).ToArray();
        var stored = (await context.Inventory.ReadByKeyAsync<DelegatedGrantRecord>(changedIds, cancellationToken)).DistinctBy(g => g.GrantId).ToDictionary(g => g.GrantId, StringComparer.Ordinal);
        await context.Inventory.RemoveByKeyAsync<DelegatedGrantRecord>(changedIds.Concat(removedIds).ToArray(), cancellationToken);

        // Each copy of a grant is laid over the state the copies before it (or the stored row) left.
        var merged = new Dictionary<string, DelegatedGrantRecord>(StringComparer.Ordinal);
        foreach (var grant in changed)
        {
            var before = merged.TryGetValue(grant.Id!, out var folded) ? folded : stored.GetValueOrDefault(grant.Id!);
            if (Merge(context, before, grant) is { } record)
            {
                merged[grant.Id!] = record;
            }
            else
            {
                tally.Skip("a permission grant without a valid id, clientId or resourceId");
            }
        }

        var grants = context.Buffer<DelegatedGrantRecord>();
        foreach (var record in merged.Values)
        {
            await grants.AddAsync(record, cancellationToken);
        }

        await grants.FlushAsync(cancellationToken);
    }

    /// <summary>A grant's row from a (partial) delta item laid over its stored row; a new grant needs its ids.</summary>
    private static DelegatedGrantRecord? Merge(ScanCollectionContext context, DelegatedGrantRecord? stored, OAuth2PermissionGrant grant)
    {
        var carried = GraphMapping.Carried(grant);
        var clientId = carried.Contains("clientId") ? GraphMapping.ParseId(grant.ClientId) : stored?.ClientId;
        var resourceId = carried.Contains("resourceId") ? GraphMapping.ParseId(grant.ResourceId) : stored?.ResourceId;
        if (string.IsNullOrEmpty(grant.Id) || clientId is null || resourceId is null)
        {
            return null;
        }

        return new DelegatedGrantRecord
        {
            TenantId = context.TenantId,
            ScanId = context.ScanId,
            GrantId = grant.Id,
            ClientId = clientId.Value,
            ResourceId = resourceId.Value,
            ConsentType = carried.Contains("consentType") || stored is null ? grant.ConsentType ?? string.Empty : stored.ConsentType,
            PrincipalId = carried.Contains("principalId") || stored is null ? GraphMapping.ParseId(grant.PrincipalId) : stored.PrincipalId,
            Scopes = carried.Contains("scope") || stored is null ? Scopes(grant) : stored.Scopes,
        };
    }

    private static string[] Scopes(OAuth2PermissionGrant grant) => (grant.Scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected override Task<long> CountAsync(ScanCollectionContext context, CancellationToken cancellationToken)
        => context.Inventory.CountAsync<DelegatedGrantRecord>(cancellationToken);

    private sealed class Sink(ScanCollectionContext context, CollectionTally tally)
    {
        private readonly FirstCopies<string> firstCopies = new(tally, "a permission grant");
        private readonly RowBuffer<DelegatedGrantRecord> grants = context.Buffer<DelegatedGrantRecord>();

        public async Task AddAsync(OAuth2PermissionGrant grant, CancellationToken cancellationToken)
        {
            context.Presence("oauth2PermissionGrants").Observe(grant);
            if (string.IsNullOrEmpty(grant.Id) || GraphMapping.ParseId(grant.ClientId) is not { } clientId || GraphMapping.ParseId(grant.ResourceId) is not { } resourceId)
            {
                tally.Skip("a permission grant without a valid id, clientId or resourceId");
                return;
            }

            if (!firstCopies.Admit(grant.Id))
            {
                return;
            }

            await grants.AddAsync(
                new DelegatedGrantRecord
                {
                    TenantId = context.TenantId,
                    ScanId = context.ScanId,
                    GrantId = grant.Id,
                    ClientId = clientId,
                    ResourceId = resourceId,
                    ConsentType = grant.ConsentType ?? string.Empty,
                    PrincipalId = GraphMapping.ParseId(grant.PrincipalId),
                    Scopes = Scopes(grant),
                },
                cancellationToken);
            tally.Kept++;
        }

        public Task FlushAsync(CancellationToken cancellationToken) => grants.FlushAsync(cancellationToken);
    }
}

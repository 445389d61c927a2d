using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// When each application last signed in, as client or resource, delegated or app-only (fills
/// <see cref="AppSignInActivityRecord"/>), from <c>GET /beta/reports/servicePrincipalSignInActivities</c>:
/// one row per app id with the latest sign-in of any kind, kept by Microsoft Entra beyond the sign-in
/// log's 30 days. Reading the whole sign-in log to find apps nobody used would spend the reports budget
/// for hours on a large tenant; this report answers it in a page per few hundred apps.
/// </summary>
/// <remarks>
/// Documented on beta only, so the SDK's v1.0 model has no request builder or type for it: the request
/// goes through the client's own request adapter (same pipeline: read-only guard, retries, and the
/// reports pacing that <see cref="GraphRequestPacer"/> applies to every <c>/reports/</c> path) and the
/// page is parsed by <see cref="Page"/>. Delegated permission: <c>AuditLog.Read.All</c>, already in
/// <see cref="GraphScopes"/>; it needs Microsoft Entra ID P1, and a refusal makes it unavailable with
/// the reason. The list supports <c>$top</c> but documents no maximum, so pages come at Graph's default size.
/// </remarks>
internal sealed class AppSignInActivitiesReader : CollectionReader
{
    internal const string Path = "reports/servicePrincipalSignInActivities";

    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new(StringComparer.Ordinal)
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    public override string Name => "servicePrincipalSignInActivities";

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.Beta, "/reports/servicePrincipalSignInActivities", "AuditLog.Read.All", "AuditLog.Read.All", "Reports Reader", "api-reference/beta/api/reportroot-list-serviceprincipalsigninactivities.md")];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<AppSignInActivityRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<AppSignInActivityRecord>();
        var firstCopies = new FirstCopies<Guid>(tally, "an app's sign-in activity");
        var first = GraphVersions.Beta(new Uri($"{context.Graph.RequestAdapter.BaseUrl!.TrimEnd('/')}/{Path}"));
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => GetAsync(context, first, ct),
            (link, ct) => GetAsync(context, link, ct),
            page => page.NextLink,
            async (page, ct) =>
            {
                foreach (var activity in page.Value)
                {
                    if (GraphMapping.ParseId(activity.AppId) is not { } appId)
                    {
                        tally.Skip("a sign-in activity without a valid appId");
                        continue;
                    }

                    if (!firstCopies.Admit(appId))
                    {
                        continue;
                    }

                    await rows.AddAsync(
                        new AppSignInActivityRecord { TenantId = context.TenantId, ScanId = context.ScanId, AppId = appId, LastSignInAt = GraphMapping.SignInTime(activity.LastSignIn?.LastSignInDateTime) },
                        ct);
                    tally.Kept++;
                }
            },
            cancellationToken);
        await rows.FlushAsync(cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    private static Task<Page?> GetAsync(ScanCollectionContext context, string url, CancellationToken cancellationToken)
    {
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(url) };
        request.Headers.Add("Accept", "application/json");
        return context.Graph.RequestAdapter.SendAsync(request, Page.Create, Errors, cancellationToken);
    }

    /// <summary>A page of <c>servicePrincipalSignInActivity</c>: the fields we keep, nothing else parsed.</summary>
    internal sealed class Page : IParsable
    {
        public List<Activity> Value { get; private set; } = [];

        public string? NextLink { get; private set; }

        public static Page Create(IParseNode node) => new();

        public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() => new Dictionary<string, Action<IParseNode>>(StringComparer.Ordinal)
        {
            ["value"] = n => Value = n.GetCollectionOfObjectValues(Activity.Create)?.ToList() ?? [],
            ["@odata.nextLink"] = n => NextLink = n.GetStringValue(),
        };

        public void Serialize(ISerializationWriter writer) => throw new NotSupportedException("A sign-in activity page is only ever read.");
    }

    /// <summary>One app's activity: its app id and the latest sign-in of any kind (<c>lastSignInActivity</c>).</summary>
    internal sealed class Activity : IParsable
    {
        public string? AppId { get; private set; }

        public SignInActivity? LastSignIn { get; private set; }

        public static Activity Create(IParseNode node) => new();

        public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() => new Dictionary<string, Action<IParseNode>>(StringComparer.Ordinal)
        {
            ["appId"] = n => AppId = n.GetStringValue(),
            ["lastSignInActivity"] = n => LastSignIn = n.GetObjectValue(SignInActivity.CreateFromDiscriminatorValue),
        };

        public void Serialize(ISerializationWriter writer) => throw new NotSupportedException("A sign-in activity is only ever read.");
    }
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Sign-ins over legacy authentication protocols in the look-back window, filtered by Graph on the
/// server (only those events travel), aggregated during the scan per user, app, day and protocol
/// (fills <see cref="SignInDailySummary"/>). The events themselves, with their IP addresses, user
/// agents, devices and locations, are never kept. Last sign-in times come from the users'
/// <c>signInActivity</c>, not from here.
/// </summary>
internal sealed class LegacySignInsReader : CollectionReader
{
    /// <summary>
    /// The <c>clientAppUsed</c> values of protocols that cannot do modern authentication: the "Legacy authentication
    /// clients" Microsoft documents (MicrosoftDocs/entra-docs, docs/identity/monitoring-health/howto-customize-filter-logs.md,
    /// "Legacy authentication client details", in its casing), then the spellings earlier versions of this reader
    /// matched and Graph has been seen to return ("AutoDiscover", "MAPI Over HTTP", as in KelvinTegelaar/CIPP-API
    /// ListBasicAuth), and "SMTP" and "Universal Outlook", kept so that no sign-in caught before is missed now.
    /// </summary>
    internal static readonly string[] LegacyClientApps =
    [
        "Authenticated SMTP", "Autodiscover", "Exchange ActiveSync", "Exchange Online PowerShell", "Exchange Web Services",
        "IMAP4", "MAPI over HTTP", "Offline Address Book", "Outlook Anywhere (RPC over HTTP)", "Outlook Service", "POP3",
        "Reporting Web Services", "Other clients",
        "AutoDiscover", "MAPI Over HTTP", "SMTP", "Universal Outlook",
    ];

    /// <summary>
    /// Graph refuses a filter of more than 15 expressions (see the emulator's <c>SignInFilterLimit</c>); the look-back
    /// window takes two, so one request carries at most 13 client values.
    /// </summary>
    internal const int ClientAppsPerRequest = 13;

    internal static readonly string[] Select = ["id", "createdDateTime", "userId", "appId", "clientAppUsed", "status"];

    public override string Name => "legacySignIns";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id", "userId", "createdDateTime");

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/auditLogs/signIns?$filter=clientAppUsed", "AuditLog.Read.All", "AuditLog.Read.All", "Reports Reader", GraphRead.Documented("signin-list"))];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.SignInSummaries(legacyAuthentication: true)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var summaries = new SignInSummaries(tally);
        foreach (var filter in Filters(context.AsOf - context.SignInLookBack, context.AsOf))
        {
            await GraphPaging.ReadAllAsync(
                context.Graph,
                ct => context.Graph.AuditLogs.SignIns.GetAsync(r => { r.QueryParameters.Filter = filter; r.QueryParameters.Select = Select; r.QueryParameters.Top = 1000; }, ct),
                (link, ct) => context.Graph.AuditLogs.SignIns.WithUrl(link).GetAsync(cancellationToken: ct),
                page => page.OdataNextLink,
                (page, _) =>
                {
                    foreach (var signIn in page.Value ?? [])
                    {
                        context.Presence("legacySignIns").Observe(signIn);
                        // Legacy protocols cannot perform multifactor authentication.
                        summaries.Add(signIn, mfaSatisfied: false);
                    }

                    return Task.CompletedTask;
                },
                cancellationToken);
        }

        await summaries.WriteAsync(context, legacyAuthentication: true, cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    /// <summary>
    /// One filter per slice of the client values: the look-back window and at most <see cref="ClientAppsPerRequest"/>
    /// values. Spellings that differ only in case stay in one slice, so a sign-in is never returned by two requests
    /// however Graph compares case.
    /// </summary>
    internal static IEnumerable<string> Filters(DateTimeOffset since, DateTimeOffset until)
    {
        var window = $"createdDateTime ge {GraphMapping.Invariant(since)} and createdDateTime le {GraphMapping.Invariant(until)}";
        var slice = new List<string>();
        foreach (var spellings in LegacyClientApps.GroupBy(app => app, StringComparer.OrdinalIgnoreCase))
        {
            if (slice.Count + spellings.Count() > ClientAppsPerRequest)
            {
                yield return Filter(window, slice);
                slice = [];
            }

            slice.AddRange(spellings);
        }

        if (slice.Count > 0)
        {
            yield return Filter(window, slice);
        }
    }

    private static string Filter(string window, IEnumerable<string> apps)
        => $"{window} and ({string.Join(" or ", apps.Select(app => $"clientAppUsed eq '{app}'"))})";
}

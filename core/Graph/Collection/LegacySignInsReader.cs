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
    /// <summary>The <c>clientAppUsed</c> values of protocols that cannot do modern authentication.</summary>
    internal static readonly string[] LegacyClientApps =
    [
        "Exchange ActiveSync", "IMAP4", "POP3", "SMTP", "Authenticated SMTP", "MAPI Over HTTP", "Offline Address Book",
        "Exchange Web Services", "Exchange Online PowerShell", "AutoDiscover", "Outlook Anywhere (RPC over HTTP)",
        "Universal Outlook", "Other clients",
    ];

    internal static readonly string[] Select = ["id", "createdDateTime", "userId", "appId", "clientAppUsed", "status"];

    public override string Name => "legacySignIns";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id", "userId", "createdDateTime");

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.SignInSummaries(legacyAuthentication: true)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var since = context.AsOf - context.SignInLookBack;
        var protocols = string.Join(" or ", LegacyClientApps.Select(app => $"clientAppUsed eq '{app}'"));
        var filter = $"createdDateTime ge {GraphMapping.Invariant(since)} and createdDateTime le {GraphMapping.Invariant(context.AsOf)} and ({protocols})";
        var summaries = new SignInSummaries(tally);

        await GraphPaging.ReadAllAsync(
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

        await summaries.WriteAsync(context, legacyAuthentication: true, cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }
}

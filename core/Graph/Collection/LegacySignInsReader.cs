using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scans.Inventory;

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

    internal override Task ClearAsync(ScanInventoryWriter writer, CancellationToken cancellationToken)
        => writer.ClearAsync<SignInDailySummary>(cancellationToken);

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var since = context.AsOf - context.SignInLookBack;
        var protocols = string.Join(" or ", LegacyClientApps.Select(app => $"clientAppUsed eq '{app}'"));
        var filter = $"createdDateTime ge {GraphMapping.Invariant(since)} and createdDateTime le {GraphMapping.Invariant(context.AsOf)} and ({protocols})";
        var summaries = new Dictionary<(Guid User, Guid App, DateOnly Day, string Protocol), Aggregate>();
        var firstCopies = new FirstCopies<string>(tally, "a sign-in");

        await GraphPaging.ReadAllAsync(
            ct => context.Graph.AuditLogs.SignIns.GetAsync(r => { r.QueryParameters.Filter = filter; r.QueryParameters.Select = Select; r.QueryParameters.Top = 1000; }, ct),
            (link, ct) => context.Graph.AuditLogs.SignIns.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            (page, _) =>
            {
                foreach (var signIn in page.Value ?? [])
                {
                    if (signIn.Id is null)
                    {
                        tally.Skip("a sign-in without an id");
                        continue;
                    }

                    if (!firstCopies.Admit(signIn.Id))
                    {
                        continue;
                    }

                    if (GraphMapping.ParseId(signIn.UserId) is not { } userId || GraphMapping.ParseId(signIn.AppId) is not { } appId || signIn.CreatedDateTime is not { } at)
                    {
                        tally.Skip("a sign-in without a valid user, app or time");
                        continue;
                    }

                    var key = (userId, appId, DateOnly.FromDateTime(at.UtcDateTime), signIn.ClientAppUsed ?? "unknown");
                    var aggregate = summaries.TryGetValue(key, out var existing) ? existing : new Aggregate();
                    aggregate.SignIns++;
                    aggregate.Failures += signIn.Status?.ErrorCode is > 0 ? 1 : 0;
                    aggregate.LastSeenAt = aggregate.LastSeenAt is { } last && last > at ? last : at;
                    summaries[key] = aggregate;
                    tally.Kept++;
                }

                return Task.CompletedTask;
            },
            cancellationToken);

        var rows = context.Buffer<SignInDailySummary>();
        foreach (var (key, aggregate) in summaries.OrderBy(s => s.Key))
        {
            await rows.AddAsync(
                new SignInDailySummary
                {
                    TenantId = context.TenantId,
                    ScanId = context.ScanId,
                    UserId = key.User,
                    AppId = key.App,
                    Day = key.Day,
                    ClientAppUsed = key.Protocol,
                    SignIns = aggregate.SignIns,
                    Failures = aggregate.Failures,
                    MfaSatisfied = 0, // legacy protocols cannot perform multifactor authentication
                    IsLegacyAuthentication = true,
                    LastSeenAt = aggregate.LastSeenAt,
                },
                cancellationToken);
        }

        await rows.FlushAsync(cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    private sealed class Aggregate
    {
        public int SignIns { get; set; }
        public int Failures { get; set; }
        public DateTimeOffset? LastSeenAt { get; set; }
    }
}

using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Folds sign-in events into <see cref="SignInDailySummary"/> rows (per user, app, UTC day and
/// client) as pages arrive. Only the user, app, time, client, outcome, whether MFA was satisfied and whether Conditional Access applied
/// are read from an event: its IP address, user agent, device and location go no further than the
/// SDK object the page was parsed into.
/// </summary>
internal sealed class SignInSummaries(CollectionTally tally)
{
    private readonly Dictionary<(Guid User, Guid App, DateOnly Day, string Client), Aggregate> summaries = [];
    private readonly FirstCopies<string> firstCopies = new(tally, "a sign-in");

    /// <summary>Counts one event; false when it was skipped (no id, listed twice, or no valid user, app or time).</summary>
    public bool Add(SignIn signIn, bool mfaSatisfied, bool? conditionalAccessNotApplied = null)
    {
        if (signIn.Id is null)
        {
            tally.Skip("a sign-in without an id");
            return false;
        }

        if (!firstCopies.Admit(signIn.Id))
        {
            return false;
        }

        if (GraphMapping.ParseId(signIn.UserId) is not { } userId || GraphMapping.ParseId(signIn.AppId) is not { } appId || signIn.CreatedDateTime is not { } at)
        {
            tally.Skip("a sign-in without a valid user, app or time");
            return false;
        }

        var key = (userId, appId, DateOnly.FromDateTime(at.UtcDateTime), signIn.ClientAppUsed ?? "unknown");
        if (!summaries.TryGetValue(key, out var aggregate))
        {
            aggregate = new Aggregate();
            summaries[key] = aggregate;
        }

        aggregate.SignIns++;
        aggregate.Failures += Failed(signIn) ? 1 : 0;
        aggregate.MfaSatisfied += mfaSatisfied ? 1 : 0;
        if (conditionalAccessNotApplied is { } notApplied)
        {
            aggregate.ConditionalAccessNotApplied = (aggregate.ConditionalAccessNotApplied ?? 0) + (notApplied ? 1 : 0);
        }

        aggregate.LastSeenAt = aggregate.LastSeenAt is { } last && last > at ? last : at;
        tally.Kept++;
        return true;
    }

    /// <summary>A sign-in Graph reports with a non-zero error code failed; 0 is success.</summary>
    public static bool Failed(SignIn signIn) => signIn.Status?.ErrorCode is > 0;

    /// <summary>Writes the aggregates, in key order.</summary>
    public async Task WriteAsync(ScanCollectionContext context, bool legacyAuthentication, CancellationToken cancellationToken)
    {
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
                    ClientAppUsed = key.Client,
                    SignIns = aggregate.SignIns,
                    Failures = aggregate.Failures,
                    MfaSatisfied = aggregate.MfaSatisfied,
                    ConditionalAccessNotApplied = aggregate.ConditionalAccessNotApplied,
                    IsLegacyAuthentication = legacyAuthentication,
                    LastSeenAt = aggregate.LastSeenAt,
                },
                cancellationToken);
        }

        await rows.FlushAsync(cancellationToken);
    }

    private sealed class Aggregate
    {
        public int SignIns { get; set; }
        public int Failures { get; set; }
        public int MfaSatisfied { get; set; }
        public int? ConditionalAccessNotApplied { get; set; }
        public DateTimeOffset? LastSeenAt { get; set; }
    }
}

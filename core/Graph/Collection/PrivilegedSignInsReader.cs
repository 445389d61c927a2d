using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Interactive sign-ins of privileged users (direct members of a directory role whose definition is
/// <c>isPrivileged</c>, read from this scan's <c>directoryRoles</c>) over the look-back window,
/// aggregated per user, app, day and client into <see cref="SignInDailySummary"/> with how many
/// satisfied MFA. Reading every sign-in of a large tenant would spend the reports budget (5
/// requests per 10 s, 1,000 events a page) for hours, so Graph filters on the server by user, a few
/// users per request. Events over legacy protocols are left to <see cref="LegacySignInsReader"/>,
/// which reads them for every user; together the two give each privileged user's full interactive picture.
/// </summary>
/// <remarks>
/// Whether a sign-in satisfied MFA is documented only on the beta <c>signIn</c> resource:
/// <c>authenticationRequirement</c> is <c>multiFactorAuthentication</c> when an MFA step was
/// required, so a successful sign-in with that value passed it (performed, or satisfied by a claim in
/// the token). The v1.0 resource (and the SDK's model of it) has no such field and refuses it in
/// <c>$select</c>, so this one collection reads <c>/beta/auditLogs/signIns</c>; the field arrives in
/// the model's additional data. Members of role-assignable groups are not expanded.
/// </remarks>
internal sealed class PrivilegedSignInsReader : CollectionReader
{
    /// <summary>
    /// Graph's known issues: a filter is limited to 15 expressions (for <c>in</c>; we hold <c>or</c>
    /// chains to the same), or 2,048 characters of URL with advanced queries. Two expressions bound the
    /// time window, so 13 users share one request.
    /// </summary>
    internal const int MaxFilterExpressions = 15;

    internal const int UsersPerRequest = MaxFilterExpressions - 2;

    internal const int MaxUrlLength = 2048;

    internal const string MultiFactorAuthentication = "multiFactorAuthentication";

    internal static readonly string[] Select = ["id", "createdDateTime", "userId", "appId", "clientAppUsed", "status", "authenticationRequirement", "conditionalAccessStatus"];

    private static readonly HashSet<string> LegacyClientApps = new(LegacySignInsReader.LegacyClientApps, StringComparer.OrdinalIgnoreCase);

    public override string Name => "privilegedSignIns";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id", "userId", "createdDateTime");

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.Beta, "/auditLogs/signIns?$filter=userId", "AuditLog.Read.All", "AuditLog.Read.All", "Reports Reader", GraphRead.Documented("signin-list"))];

    public override IReadOnlyList<string> DependsOn => ["directoryRoles"];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.SignInSummaries(legacyAuthentication: false)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var users = await context.Inventory.PrivilegedUserIdsAsync(cancellationToken);
        var summaries = new SignInSummaries(tally);
        foreach (var filter in Filters(users, context.AsOf - context.SignInLookBack, context.AsOf))
        {
            var signIns = context.Graph.AuditLogs.SignIns;
            var first = BetaUrl(signIns.ToGetRequestInformation(r => { r.QueryParameters.Filter = filter; r.QueryParameters.Select = Select; r.QueryParameters.Top = 1000; }).URI);
            await GraphPaging.ReadAllAsync(
                context.Graph,
                ct => signIns.WithUrl(first).GetAsync(cancellationToken: ct),
                (link, ct) => signIns.WithUrl(link).GetAsync(cancellationToken: ct),
                page => page.OdataNextLink,
                (page, _) =>
                {
                    foreach (var signIn in page.Value ?? [])
                    {
                        context.Presence("privilegedSignIns").Observe(signIn);
                        if (signIn.ClientAppUsed is { } client && LegacyClientApps.Contains(client))
                        {
                            continue;
                        }

                        summaries.Add(signIn, MfaSatisfied(signIn), ConditionalAccessNotApplied(signIn));
                    }

                    return Task.CompletedTask;
                },
                cancellationToken);
        }

        await summaries.WriteAsync(context, legacyAuthentication: false, cancellationToken);
        var notes = tally.Warnings();
        return new CollectionOutcome(Name, tally.Kept, null, users.Count == 0 ? [.. notes, "no user holds a privileged directory role directly"] : notes, ViaDelta: false);
    }

    /// <summary>The users, in a stable order, <see cref="UsersPerRequest"/> to a request.</summary>
    internal static IEnumerable<Guid[]> Groups(IEnumerable<Guid> users) => users.Distinct().Order().Chunk(UsersPerRequest);

    /// <summary>One filter per group of users: the look-back window and the group's user ids.</summary>
    internal static IEnumerable<string> Filters(IReadOnlyList<Guid> users, DateTimeOffset since, DateTimeOffset until)
        => Groups(users).Select(group =>
            $"createdDateTime ge {GraphMapping.Invariant(since)} and createdDateTime le {GraphMapping.Invariant(until)} and ({string.Join(" or ", group.Select(user => $"userId eq '{user:D}'"))})");

    /// <summary>A successful sign-in whose requirement was multifactor passed MFA; a failed one did not.</summary>
    internal static bool MfaSatisfied(SignIn signIn)
        => !SignInSummaries.Failed(signIn)
           && signIn.AdditionalData?.TryGetValue("authenticationRequirement", out var requirement) == true
           && string.Equals(requirement switch { string text => text, UntypedString text => text.GetValue(), _ => null }, MultiFactorAuthentication, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A successful sign-in Graph reports with <c>conditionalAccessStatus</c> <c>notApplied</c>: no Conditional Access
    /// policy applied to it (none in scope, or every one excluded the user, app or conditions). Failed sign-ins are
    /// not counted: Graph reports them notApplied too when they fail before policy evaluation.
    /// </summary>
    internal static bool ConditionalAccessNotApplied(SignIn signIn)
        => !SignInSummaries.Failed(signIn) && signIn.ConditionalAccessStatus == ConditionalAccessStatus.NotApplied;

    private static string BetaUrl(Uri v1)
    {
        var beta = GraphVersions.Beta(v1);
        return beta.Length <= MaxUrlLength ? beta : throw new GraphCollectionException($"A sign-in filter came to {beta.Length} characters, over Graph's {MaxUrlLength}.");
    }
}

using IdentityOps.Core.Graph;
using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Users with their type, state and last sign-ins (fills <see cref="UserRecord"/>). Always read in
/// full: <c>signInActivity</c>, which the staleness rules need, is not available through delta
/// queries and changes on every sign-in, so a delta round would save nothing.
/// </summary>
/// <remarks>
/// The staleness rules judge <c>signInActivity.lastSuccessfulSignInDateTime</c> (v1.0 and beta both have it, in
/// Microsoft's published schema): <c>lastSignInDateTime</c> and <c>lastNonInteractiveSignInDateTime</c> record
/// attempts, failed ones included, so a password spray keeps a dormant account looking used. When Graph sends
/// <c>signInActivity</c> but no user's carries <c>lastSuccessfulSignInDateTime</c> (not even as null), that part is
/// unavailable (<see cref="LastSuccessfulPart"/>) and those rules are not evaluated rather than fall back to attempts.
/// </remarks>
internal sealed class UsersReader : CollectionReader
{
    internal static readonly string[] Select = ["id", "displayName", "userPrincipalName", "userType", "accountEnabled", "onPremisesSyncEnabled", "createdDateTime", "externalUserState", "externalUserStateChangeDateTime"];
    internal static readonly string[] SelectWithSignInActivity = [.. Select, "signInActivity"];

    /// <summary>The part of this collection the staleness rules need: <c>users.signInActivity.lastSuccessfulSignInDateTime</c>.</summary>
    internal const string LastSuccessfulPart = "signInActivity.lastSuccessfulSignInDateTime";

    public override string Name => "users";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of([.. Select, "signInActivity"], "id");

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/users", "User.Read.All", "Directory.Read.All", GraphRead.NoRole, "api-reference/v1.0/api/user-list.md (User.Read.All for more than the basic profile)"),
        new(GraphRead.V1, "/users?$select=signInActivity", "AuditLog.Read.All", "AuditLog.Read.All", "Reports Reader", "MicrosoftDocs/azure-docs PR 77948: Entra ID P1 and AuditLog.Read.All"),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<UserRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        string? signInActivityUnavailable = null;
        var signInActivity = new PropertyPresence();
        try
        {
            // With signInActivity selected, Graph pages at most 500 users.
            await ReadAsync(context, SelectWithSignInActivity, 500, new GraphBudgetOption(GraphBudget.SignInActivity), tally, signInActivity, cancellationToken);
        }
        catch (Exception error) when (GraphErrors.IsRefused(error) && GraphErrors.UnavailableReason(error) is { } reason)
        {
            // Without Entra ID P1 Graph refuses signInActivity; the users themselves are still readable.
            await context.Inventory.ClearAsync(Shares, cancellationToken);
            tally = new CollectionTally();
            tally.Notes.Add($"last sign-in times are unavailable: {reason}");
            signInActivityUnavailable = reason;
            await ReadAsync(context, Select, 999, new GraphBudgetOption(GraphBudget.None), tally, new PropertyPresence(), cancellationToken);
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (signInActivityUnavailable is not null)
        {
            parts["signInActivity"] = signInActivityUnavailable;
        }
        else if (signInActivity.Objects > 0 && !signInActivity.WasPresent("lastSuccessfulSignInDateTime"))
        {
            parts[LastSuccessfulPart] = $"Graph returned signInActivity without lastSuccessfulSignInDateTime on all {signInActivity.Objects} users that carried it";
        }

        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false) { UnavailableParts = parts };
    }

    private static async Task ReadAsync(
        ScanCollectionContext context, string[] select, int top, GraphBudgetOption budget, CollectionTally tally, PropertyPresence signInActivity, CancellationToken cancellationToken)
    {
        var users = context.Buffer<UserRecord>();
        var firstCopies = new FirstCopies<Guid>(tally, "a user");
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.Users.GetAsync(r => { r.QueryParameters.Select = select; r.QueryParameters.Top = top; r.Options.Add(budget); }, ct),
            (link, ct) => context.Graph.Users.WithUrl(link).GetAsync(r => r.Options.Add(budget), ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var user in page.Value ?? [])
                {
                    context.Presence("users").Observe(user);
                    signInActivity.Observe(user.SignInActivity);
                    if (GraphMapping.ParseId(user.Id) is not { } id)
                    {
                        tally.Skip("a user without a valid id");
                    }
                    else if (firstCopies.Admit(id))
                    {
                        await users.AddAsync(GraphMapping.ToRecord(user, context.TenantId, context.ScanId, id), ct);
                        tally.Kept++;
                    }
                }
            },
            cancellationToken);
        await users.FlushAsync(cancellationToken);
    }
}

using System.Globalization;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// A guest invitation not redeemed for more than <see cref="PendingAfterDays"/> days (<c>externalUserState</c>
/// <c>PendingAcceptance</c>, sent at <c>externalUserStateChangeDateTime</c>). The account already exists with the
/// groups, apps and roles it was given; whoever redeems the invitation link, or signs in as that address, gets them, and
/// the person it was meant for evidently does not need it. No peer has this check (peer-checks.md "Ten checks", 9).
/// </summary>
/// <remarks>
/// Dormant guests that accepted are <c>guest-stale</c>'s, which leaves pending invitations to this rule (one cause, one
/// finding). Thirty days: Microsoft documents no expiry for a B2B invitation; a month is long enough for anyone to
/// have accepted one they wanted (the threshold the issue names). Without a change time (an account Graph gives none
/// for) the account's creation stands for the invitation. Low: a latent exposure on one account, as <c>guest-stale</c>.
/// Source: https://learn.microsoft.com/graph/api/resources/user (externalUserState PendingAcceptance / Accepted and
/// externalUserStateChangeDateTime; not re-read this session).
/// </remarks>
public sealed class GuestInvitationPendingRule : PostureRule
{
    public const string PendingAcceptance = "PendingAcceptance";

    internal const int PendingAfterDays = 30;

    public override RuleDefinition Definition { get; } = new(
        "guest-invitation-pending",
        "Guest invitation not accepted for more than 30 days",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.User,
        [.. RuleInputs.Collection("users", "accountEnabled", "externalUserState", "externalUserStateChangeDateTime", "createdDateTime")],
        ["displayName", "userPrincipalName", "invitedAt", "daysPending", "pendingAfterDays", "privilegedRoles"],
        [FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1199")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var user in Candidates(inventory, scan))
        {
            if (InvitedAt(user) is not { } invited || invited >= scan.AsOf.AddDays(-PendingAfterDays))
            {
                continue;
            }

            var roles = inventory.PrivilegedRolesOf(user.ObjectId);
            ScoreSignal[] privileged = roles.Count > 0
                ? [new ScoreSignal("privileged", 2m, $"the invited account holds privileged role(s): {string.Join(", ", roles)}")]
                : [];
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, new Evidence
            {
                { "displayName", user.DisplayName },
                { "userPrincipalName", user.UserPrincipalName ?? "" },
                { "invitedAt", invited.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                { "daysPending", (int)Math.Floor((scan.AsOf - invited).TotalDays) },
                { "pendingAfterDays", PendingAfterDays },
                { "privilegedRoles", roles },
            }, privileged);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    /// <summary>Whether the account is an invitation nobody has redeemed.</summary>
    internal static bool IsPending(UserRecord user) => string.Equals(user.ExternalUserState, PendingAcceptance, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? InvitedAt(UserRecord user) => user.ExternalUserStateChangedAt ?? UserActivity.CreatedAt(user);

    private static IEnumerable<UserRecord> Candidates(TenantInventory inventory, ScanFacts scan)
        => inventory.Users.Where(u => u.AccountEnabled && IsPending(u) && !PrivilegedRoles.IsBreakGlass(u, scan)).OrderBy(u => u.ObjectId);
}

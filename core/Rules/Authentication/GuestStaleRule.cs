using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// An enabled guest with no successful sign-in for the staleness window (90 days by default), or none since an
/// invitation older than that: access nobody uses, to an account whose password, MFA and offboarding another
/// organisation runs. Microsoft's own check is the same: Zero Trust assessment 21858 "Inactive guest identities are
/// disabled or removed from the tenant" takes enabled guests whose <c>lastSuccessfulSignInDateTime</c>, or creation
/// date when they never signed in, is more than 90 days old; the inactive-guest report in ID Governance counts
/// inactivity the same way (from creation for guests who never signed in).
/// </summary>
/// <remarks>
/// Sources (checked 2026-12-07): https://learn.microsoft.com/entra/fundamentals/zero-trust-protect-tenants#inactive-guest-identities-are-disabled-or-removed-from-the-tenant,
/// microsoft/zerotrustassessment src/powershell/tests/Test-Assessment.21858.ps1 (its condition),
/// https://learn.microsoft.com/entra/identity/users/clean-up-stale-guest-accounts (the report and the access review).
/// Guests get their own rule, and id, rather than a branch of <c>user-stale</c>: the account is run by another
/// organisation and the remedy (an access review of guests) differs. Rated Low like <c>user-stale</c> on the scale of
/// docs/risk-score.md (one account × latent), although Zero Trust check 21858 calls it Medium. An invitation nobody
/// redeemed (<c>externalUserState</c> PendingAcceptance) is <c>guest-invitation-pending</c>'s (issue 19): that guest never
/// used the account, and the remedy (resend or delete the invitation) differs.
/// </remarks>
public sealed class GuestStaleRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "guest-stale",
        "Enabled guest account unused for a long time",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.User,
        [.. RuleInputs.Collection("users", "signInActivity", "accountEnabled", "userType", "createdDateTime", "onPremisesSyncEnabled", "externalUserState"), UserActivity.LastSuccessfulInput],
        UserActivity.EvidenceFields,
        [FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1199")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var days = scan.Settings.StaleUserDays;
        foreach (var user in Candidates(inventory, scan).Where(u => UserActivity.IsStale(u, days, scan.AsOf)))
        {
            var roles = inventory.PrivilegedRolesOf(user.ObjectId);
            ScoreSignal[] privileged = roles.Count > 0
                ? [new ScoreSignal("privileged", 2m, $"the guest also holds privileged role(s): {string.Join(", ", roles)}")]
                : [];
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, UserActivity.Evidence(user, days, scan.AsOf), [.. privileged, .. UserActivity.FailedAttemptSignal(user, days, scan.AsOf)]);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    private static IEnumerable<UserRecord> Candidates(TenantInventory inventory, ScanFacts scan)
        => inventory.Users.Where(u => u.AccountEnabled
            && string.Equals(u.UserType, "Guest", StringComparison.OrdinalIgnoreCase)
            && !GuestInvitationPendingRule.IsPending(u)
            && !PrivilegedRoles.IsBreakGlass(u, scan));
}

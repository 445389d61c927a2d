using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// An enabled member account with no successful sign-in, interactive or not, for the staleness window (90 days by
/// default), or none since it was created on an account older than that: a password nobody would miss if someone
/// else started using it. Judged on <c>lastSuccessfulSignInDateTime</c>, not on the attempt times, so failed sign-ins
/// (a password spray) do not make an unused account look used (<see cref="UserActivity"/>). Guests have their own
/// rule (<see cref="GuestStaleRule"/>); emergency-access accounts named in the settings are not judged.
/// </summary>
public sealed class UserStaleRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "user-stale",
        "Enabled member account unused for a long time",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.User,
        [.. RuleInputs.Collection("users", "signInActivity", "accountEnabled", "userType", "createdDateTime", "onPremisesSyncEnabled"), UserActivity.LastSuccessfulInput],
        UserActivity.EvidenceFields,
        [FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var days = scan.Settings.StaleUserDays;
        foreach (var user in Candidates(inventory, scan).Where(u => UserActivity.IsStale(u, days, scan.AsOf)))
        {
            var roles = inventory.PrivilegedRolesOf(user.ObjectId);
            ScoreSignal[] privileged = roles.Count > 0
                ? [new ScoreSignal("privileged", 2m, $"the account also holds privileged role(s): {string.Join(", ", roles)}")]
                : [];
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, UserActivity.Evidence(user, days, scan.AsOf), [.. privileged, .. UserActivity.FailedAttemptSignal(user, days, scan.AsOf)]);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    private static IEnumerable<UserRecord> Candidates(TenantInventory inventory, ScanFacts scan)
        => inventory.Users.Where(u => u.AccountEnabled
            && !string.Equals(u.UserType, "Guest", StringComparison.OrdinalIgnoreCase)
            && !PrivilegedRoles.IsBreakGlass(u, scan));
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// An enabled member account with no interactive or non-interactive sign-in for the staleness window
/// (90 days by default), or none ever on an account older than that: a password nobody would miss if
/// someone else started using it. Guests and emergency-access accounts named in the settings are not
/// judged here.
/// </summary>
public sealed class UserStaleRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "user-stale",
        "Enabled member account unused for a long time",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.User,
        [.. RuleInputs.Collection("users", "signInActivity", "accountEnabled", "userType", "createdDateTime")],
        UserActivity.EvidenceFields,
        [FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var days = scan.Settings.StaleUserDays;
        foreach (var user in Candidates(inventory, scan).Where(u => UserActivity.IsStale(u, days, scan.AsOf)))
        {
            var roles = inventory.PrivilegedRolesOf(user.ObjectId);
            ScoreSignal[] signals = roles.Count > 0
                ? [new ScoreSignal("privileged", 2m, $"the account also holds privileged role(s): {string.Join(", ", roles)}")]
                : [];
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, UserActivity.Evidence(user, days, scan.AsOf), signals);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    private static IEnumerable<Core.Inventory.UserRecord> Candidates(TenantInventory inventory, ScanFacts scan)
        => inventory.Users.Where(u => u.AccountEnabled
            && !string.Equals(u.UserType, "Guest", StringComparison.OrdinalIgnoreCase)
            && !PrivilegedRoles.IsBreakGlass(u, scan));
}

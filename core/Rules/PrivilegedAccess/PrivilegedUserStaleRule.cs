using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Authentication;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// An enabled privileged user with no successful sign-in for the privileged staleness window (45 days by default):
/// standing privilege nobody uses, and nobody would notice being used. Judged on <c>lastSuccessfulSignInDateTime</c>,
/// so a dormant admin under password spray (fresh failed attempts, an old success) is stale, as it should be
/// (<see cref="UserActivity"/>). Eligible (PIM) holders count as well: a dormant account that can activate Global
/// Administrator is as exposed as one that holds it, and making a role eligible must not hide its dormant holder.
/// Emergency-access accounts named in the settings are exempt, since not signing in is their normal state.
/// </summary>
public sealed class PrivilegedUserStaleRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-privileged-user-stale",
        "Privileged user has not signed in for a long time",
        RuleCategory.PrivilegedAccess,
        Severity.Medium,
        ObjectTypes.User,
        [
            .. RuleInputs.Collection("directoryRoles", "isPrivileged"),
            .. RuleInputs.Collection("users", "signInActivity", "accountEnabled", "createdDateTime", "onPremisesSyncEnabled"), UserActivity.LastSuccessfulInput,
        ],
        [.. UserActivity.EvidenceFields, "roles", "eligibleRoles"],
        [FrameworkReference.Attack("T1078.004")]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PrivilegedRoles.EligibilityUnknown(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var days = scan.Settings.StalePrivilegedUserDays;
        foreach (var (user, holder) in Candidates(inventory, scan).Where(x => UserActivity.IsStale(x.User, days, scan.AsOf)))
        {
            var evidence = UserActivity.Evidence(user, days, scan.AsOf);
            evidence.Add("roles", holder.AllRoleNames);
            evidence.Add("eligibleRoles", holder.EligibleRoleNames);
            yield return new RuleHit(
                user.ObjectId.ToString(),
                user.DisplayName,
                evidence,
                [.. PrivilegedRoles.ControlPlaneSignal(holder), .. PrivilegedRoles.EligibleSignal(holder), .. UserActivity.FailedAttemptSignal(user, days, scan.AsOf)]);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    private static IEnumerable<(Core.Inventory.UserRecord User, PrivilegedHolder Holder)> Candidates(TenantInventory inventory, ScanFacts scan)
        => PrivilegedRoles.UsersIncludingEligible(inventory).Where(x => x.User.AccountEnabled && !PrivilegedRoles.IsBreakGlass(x.User, scan));
}

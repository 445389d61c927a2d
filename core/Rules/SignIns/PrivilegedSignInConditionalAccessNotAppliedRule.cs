using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.SignIns;

/// <summary>
/// A holder of a privileged role signed in successfully with no Conditional Access policy applied
/// (<c>conditionalAccessStatus</c> <c>notApplied</c> in the sign-in log, collection <c>privilegedSignIns</c>):
/// the policies on paper leave a gap in real traffic — an exclusion, an app or client outside every policy's scope.
/// Ours (peer-checks.md "Ten checks" item 6); no peer id maps it.
/// </summary>
public sealed class PrivilegedSignInConditionalAccessNotAppliedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "signin-conditional-access-not-applied",
        "Privileged user signed in with no Conditional Access policy applied",
        RuleCategory.SignIns,
        Severity.Medium,
        ObjectTypes.User,
        [.. RuleInputs.Collection("privilegedSignIns", "appId", "status", "conditionalAccessStatus"), .. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users")],
        ["displayName", "userPrincipalName", "roles", "viaGroups", "successfulSignIns", "notAppliedSignIns", "appIds", "clientApps", "lastSeenAt"],
        [FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var summaries in Interactive(inventory).GroupBy(s => s.UserId))
        {
            var roles = inventory.PrivilegedRolesOf(summaries.Key);
            var notApplied = summaries.Where(s => s.ConditionalAccessNotApplied is > 0).ToList();
            if (roles.Count == 0 || notApplied.Count == 0)
            {
                continue;
            }

            var user = inventory.User(summaries.Key);
            yield return new RuleHit(summaries.Key.ToString(), user?.DisplayName, new Evidence
            {
                { "displayName", user?.DisplayName ?? summaries.Key.ToString() },
                { "userPrincipalName", user?.UserPrincipalName ?? "" },
                { "roles", roles },
                { "viaGroups", PrivilegedRoles.ViaGroups(inventory.PrivilegedAssignmentsOf(summaries.Key)) },
                { "successfulSignIns", Math.Max(0, summaries.Sum(s => s.SignIns - s.Failures)) },
                { "notAppliedSignIns", notApplied.Sum(s => s.ConditionalAccessNotApplied ?? 0) },
                { "appIds", notApplied.Select(s => s.AppId.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) },
                { "clientApps", notApplied.Select(s => s.ClientAppUsed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) },
                { "lastSeenAt", notApplied.Max(s => s.LastSeenAt) },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Interactive(inventory).Select(s => s.UserId).Distinct().Count();

    /// <summary>Rows of the privileged read (the legacy read does not carry the field: null there).</summary>
    private static IEnumerable<SignInDailySummary> Interactive(TenantInventory inventory) => inventory.SignIns.Where(s => !s.IsLegacyAuthentication);
}

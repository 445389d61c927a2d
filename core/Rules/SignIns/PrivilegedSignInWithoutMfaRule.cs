using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.SignIns;

/// <summary>
/// A holder of a privileged role signed in successfully where MFA was not required, read from the sign-in
/// log itself (collection <c>privilegedSignIns</c>): registration says MFA is possible, this says whether
/// it was actually used.
/// </summary>
public sealed class PrivilegedSignInWithoutMfaRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "signin-privileged-without-mfa",
        "Privileged user signed in without MFA being required",
        RuleCategory.SignIns,
        Severity.High,
        ObjectTypes.User,
        [.. RuleInputs.Collection("privilegedSignIns", "appId", "status", "authenticationRequirement"), .. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users")],
        ["displayName", "userPrincipalName", "roles", "viaGroups", "signIns", "mfaSatisfied", "singleFactorSignIns", "mfaSharePercent", "clientApps", "lastSeenAt"],
        [FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var summaries in Interactive(inventory).GroupBy(s => s.UserId))
        {
            var roles = inventory.PrivilegedRolesOf(summaries.Key);
            var signIns = summaries.Sum(s => s.SignIns);
            var mfa = summaries.Sum(s => s.MfaSatisfied);
            var singleFactor = Math.Max(0, signIns - summaries.Sum(s => s.Failures) - mfa);
            if (roles.Count == 0 || singleFactor == 0)
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
                { "signIns", signIns },
                { "mfaSatisfied", mfa },
                { "singleFactorSignIns", singleFactor },
                { "mfaSharePercent", signIns == 0 ? 0 : (int)Math.Floor(100.0 * mfa / signIns) },
                { "clientApps", summaries.Select(s => s.ClientAppUsed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) },
                { "lastSeenAt", summaries.Max(s => s.LastSeenAt) },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Interactive(inventory).Select(s => s.UserId).Distinct().Count();

    private static IEnumerable<SignInDailySummary> Interactive(TenantInventory inventory) => inventory.SignIns.Where(s => !s.IsLegacyAuthentication);
}

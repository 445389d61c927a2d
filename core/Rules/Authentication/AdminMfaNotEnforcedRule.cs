using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Privileged roles held by users that no enforcement covers: security defaults are off and, for each
/// such role, no enabled Conditional Access policy requires MFA on all applications of all users or of
/// that role (without excluding it). Roles held only by service principals are left out: Conditional
/// Access for users does not apply to them.
/// </summary>
public sealed class AdminMfaNotEnforcedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-admin-mfa-not-enforced",
        "MFA is not enforced for privileged roles",
        RuleCategory.AuthenticationAndMfa,
        Severity.High,
        ObjectTypes.Tenant,
        ["securityDefaults", "conditionalAccessPolicies", "directoryRoles.isPrivileged"],
        ["securityDefaultsEnabled", "uncoveredRoles", "principalsInUncoveredRoles", "coveringPolicies"],
        [FrameworkReference.Cis("5.2.2.1"), FrameworkReference.Scuba("MS.AAD.3.6v1"), FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1110")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (PolicySettings.SecurityDefaultsEnabled(inventory) is not false)
        {
            yield break;
        }

        var mfaPolicies = ConditionalAccessPolicy.All(inventory).Where(p => p.IsEnabled && p.RequiresMfa && p.TargetsAllApplications).ToList();
        var holders = PrivilegedRoles.Holders(inventory).Where(h => !string.Equals(h.PrincipalType, "servicePrincipal", StringComparison.OrdinalIgnoreCase)).ToList();
        var uncovered = holders.SelectMany(h => h.Roles).DistinctBy(r => r.RoleDefinitionId).Where(r => !mfaPolicies.Any(p => Covers(p, r))).ToList();
        if (uncovered.Count == 0)
        {
            yield break;
        }

        var uncoveredIds = uncovered.Select(r => r.RoleDefinitionId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var affected = holders.Count(h => h.Roles.Any(r => uncoveredIds.Contains(r.RoleDefinitionId)));
        ScoreSignal[] signals = uncovered.Any(PrivilegedRoles.IsGlobalAdministrator)
            ? [new ScoreSignal("global-administrator-uncovered", 1.5m, "Global Administrator is among the roles no MFA policy covers")]
            : [];
        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "uncoveredRoles", uncovered.Select(r => r.DisplayName).Order(StringComparer.Ordinal) },
            { "principalsInUncoveredRoles", affected },
            { "coveringPolicies", mfaPolicies.Select(p => p.Name) },
        }, signals);
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static bool Covers(ConditionalAccessPolicy policy, RoleDefinitionRecord role)
    {
        bool Listed(string[] ids) => ids.Any(id => PrivilegedRoles.Is(role, id));
        return (policy.TargetsAllUsers || Listed(policy.IncludeRoles)) && !Listed(policy.ExcludeRoles);
    }
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Users holding privileged roles whom no MFA enforcement covers: security defaults are off and no enabled
/// Conditional Access policy that requires MFA at every sign-in to all applications applies to them without
/// excluding them. A policy applies to a user through all users, the user or a known group of theirs listed,
/// or a built-in role the user holds at tenant scope: Conditional Access does not target a role assigned over
/// an administrative unit, nor a custom role
/// (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-users-groups,
/// checked 2026-12-07: "Other role types aren't supported, including administrative unit-scoped roles and custom
/// roles"; "Conditional Access policies do not support users assigned a directory role scoped to an administrative
/// unit"). An eligible (PIM) assignment counts as the role, since the policy applies once it is activated.
/// Roles held only by service principals are left out (Conditional Access for users does not apply to them), and
/// so are the emergency-access accounts named in the settings, which are meant to be excluded.
/// </summary>
public sealed class AdminMfaNotEnforcedRule : PostureRule
{
    private const string TenantScope = "/";

    public override RuleDefinition Definition { get; } = new(
        "policy-admin-mfa-not-enforced",
        "MFA is not enforced for privileged roles",
        RuleCategory.AuthenticationAndMfa,
        Severity.High,
        ObjectTypes.Tenant,
        ["securityDefaults", "conditionalAccessPolicies", .. RuleInputs.Collection("directoryRoles", "isPrivileged", "isBuiltIn", "directoryScopeId")],
        ["securityDefaultsEnabled", "uncoveredRoles", "principalsInUncoveredRoles", "uncoveredPrincipals", "scopedRoleHolders", "coveringPolicies", "conditionalPolicies"],
        [
            FrameworkReference.Cis("5.2.2.1"),
            FrameworkReference.Maester("MT.1006").Partially("Maester wants one policy naming all of its 14 admin roles (or all users); this rule asks whether each actual holder of a privileged role is covered, through any policy, group or role, and passes on security defaults"),
            FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1110"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (PolicySettings.SecurityDefaultsEnabled(inventory) is not false)
        {
            yield break;
        }

        var policies = ConditionalAccessPolicy.All(inventory);
        var mfaPolicies = policies.Where(p => p.IsEnabled && p.RequiresMfa && p.AppliesToEverySignIn).ToList();
        var membership = new PrincipalMembership(inventory);
        var uncovered = PrivilegedRoles.Holders(inventory)
            .Where(h => !string.Equals(h.PrincipalType, "servicePrincipal", StringComparison.OrdinalIgnoreCase))
            .Where(h => !scan.Settings.BreakGlassAccounts.Contains(h.PrincipalId))
            .Where(h => !mfaPolicies.Any(p => membership.Covers(p, h.PrincipalId, inventory.User(h.PrincipalId) is { } user && ConditionalAccessCoverage.IsGuest(user))))
            .ToList();
        if (uncovered.Count == 0)
        {
            yield break;
        }

        var roles = uncovered.SelectMany(h => h.Roles).DistinctBy(r => r.RoleDefinitionId).ToList();

        // A holder whose privileged role is assigned only over an administrative unit, which a role-targeted policy cannot reach.
        var scoped = uncovered.Count(h => inventory.PrivilegedAssignmentsOf(h.PrincipalId).All(a => a.Assignment.DirectoryScopeId != TenantScope));
        ScoreSignal[] signals = roles.Any(PrivilegedRoles.IsGlobalAdministrator)
            ? [new ScoreSignal("global-administrator-uncovered", 1.5m, "Global Administrator is among the roles no MFA policy covers")]
            : [];
        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "uncoveredRoles", roles.Select(r => r.DisplayName).Order(StringComparer.Ordinal) },
            { "principalsInUncoveredRoles", uncovered.Count },
            { "uncoveredPrincipals", uncovered.Select(h => inventory.User(h.PrincipalId) is { } user ? user.UserPrincipalName ?? user.DisplayName : h.PrincipalId.ToString()).Order(StringComparer.Ordinal) },
            { "scopedRoleHolders", scoped },
            { "coveringPolicies", mfaPolicies.Select(p => p.Name) },
            { "conditionalPolicies", policies.Where(p => p.IsEnabled && p.RequiresMfa && !p.AppliesToEverySignIn).Select(p => p.LabelWithNarrowings) },
        }, signals);
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

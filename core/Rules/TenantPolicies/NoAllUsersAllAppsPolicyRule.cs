using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// No enabled Conditional Access policy applies to all users and all applications: every app is covered only by
/// whichever narrower policies happen to name it, and a new app is covered by none. Exactly Maester's
/// Test-MtCaAllAppsExists without -SkipCheckAllUsers (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtCaAllAppsExists.ps1, MT.1004): enabled, not a password-change policy,
/// includeUsers All and includeApplications All, whatever it demands. MT.1003 (the same with any users) is weaker:
/// an all-apps policy for some users passes it.
/// </summary>
public sealed class NoAllUsersAllAppsPolicyRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "ca-no-all-users-all-apps-policy",
        "No Conditional Access policy applies to all users and all applications",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "allUsersAllAppsPoliciesNotEnforced", "allAppsPoliciesForSomeUsers"],
        [
            FrameworkReference.Maester("MT.1004"),
            FrameworkReference.Maester("MT.1003").Partially("Maester passes an enabled all-applications policy for any users; this rule wants one for all users"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory).Where(p => !ConditionalAccessBaseline.IsPasswordChangePolicy(p)).ToList();
        if (policies.Any(p => p.IsEnabled && p.TargetsEveryone))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "allUsersAllAppsPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && p.TargetsEveryone).Select(p => p.Label) },
            { "allAppsPoliciesForSomeUsers", policies.Where(p => p.IsEnabled && p.TargetsAllApplications && !p.TargetsAllUsers).Select(p => p.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Nothing requires MFA of everyone: security defaults are off and no enabled Conditional Access policy
/// requires MFA (or an authentication strength) of all users, on all applications, at every sign-in, leaving
/// out no one but the emergency-access accounts (and Entra Connect's sync role, as Microsoft's template does).
/// A policy that applies only under sign-in or user risk, from some locations, on some platforms or devices,
/// or that excludes applications, is MFA for some sign-ins, not for all; one that excludes other users, groups,
/// roles or guests leaves them out, and the finding names them with the share of enabled users the policy covers
/// (<see cref="ConditionalAccessCoverage"/>: an excluded group whose members the scan does not read counts as left out). Report-only and disabled policies never count,
/// and are listed, since they look like protection and are not. Like CISA ScubaGear's MS.AAD.3.2v2
/// (cisagov/ScubaGear PowerShell/ScubaGear/Rego/AADConfig.rego, NonSpecificMFAPolicies: all users, all apps,
/// no excluded roles or apps, exclusions only as configured), plus the conditions ScubaGear does not read.
/// </summary>
public sealed class NoMfaForAllUsersRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-security-defaults-off-no-ca-mfa",
        "Security defaults off and no Conditional Access policy requires MFA for all users",
        RuleCategory.AuthenticationAndMfa,
        Severity.High,
        ObjectTypes.Tenant,
        ["securityDefaults", "conditionalAccessPolicies"],
        ["securityDefaultsEnabled", "enabledPolicies", "allUsersMfaPoliciesNotEnforced", "narrowerMfaPolicies", "conditionalMfaPolicies", "mfaPoliciesWithExclusions"],
        [
            FrameworkReference.Cis("5.2.2.2"),
            FrameworkReference.Scuba("MS.AAD.3.2v2").Partially("passes when security defaults are on, which ScubaGear does not read; fails on a policy narrowed by risk, location, platform or device conditions, and on MFA offered as one option (OR) among other controls, which ScubaGear accepts; accepts as exclusions only the emergency-access accounts of the settings, a group known to hold only them and the Directory Synchronization Accounts role, where ScubaGear accepts the users and groups configured per policy and no excluded role"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.3.2").Partially("Maester accepts any enabled all-users, all-apps MFA policy whatever it excludes, and skips the test on Entra ID Free; this rule passes on security defaults and fails on exclusions and narrowing conditions"),
            FrameworkReference.Maester("MT.1007").Partially("Maester accepts any enabled all-users, all-apps MFA policy whatever it excludes; this rule passes on security defaults and fails on exclusions and narrowing conditions"),
            FrameworkReference.Attack("T1110.003"), FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (PolicySettings.SecurityDefaultsEnabled(inventory) is not false)
        {
            yield break;
        }

        var policies = ConditionalAccessPolicy.All(inventory);
        var forAll = policies.Where(p => p.IsEnabled && p.RequiresMfa && p.TargetsAllUsers).ToList();
        var membership = new PrincipalMembership(inventory);
        var everySignIn = forAll.Where(p => p.AppliesToEverySignIn).Select(p => ConditionalAccessCoverage.Of(p, inventory, scan.Settings.BreakGlassAccounts, membership)).ToList();
        if (everySignIn.Any(c => c.LeavesOutOnlyBreakGlass))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "allUsersMfaPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && p.RequiresMfa && p.TargetsEveryone).Select(p => p.Label) },
            { "narrowerMfaPolicies", policies.Where(p => p.IsEnabled && p.RequiresMfa && !p.TargetsAllUsers).Select(p => p.Name) },
            { "conditionalMfaPolicies", forAll.Where(p => !p.AppliesToEverySignIn).Select(p => p.LabelWithNarrowings) },
            { "mfaPoliciesWithExclusions", everySignIn.Select(c => c.Describe()) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

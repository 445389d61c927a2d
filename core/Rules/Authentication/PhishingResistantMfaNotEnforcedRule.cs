using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy requires a phishing-resistant authentication strength of all users, on all
/// resources, at every sign-in, leaving out no one but the emergency-access accounts. A strength is phishing-resistant
/// when every combination it allows is Windows Hello for Business, FIDO2 or a multifactor certificate, resolved by id
/// against the tenant's strengths (<see cref="AuthenticationStrengths"/>), so a custom strength counts as well as the
/// built-in one, and the built-in "Multifactor authentication" strength or the plain MFA control does not.
/// ScubaGear MS.AAD.3.1v1 (cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Rego/AADConfig.rego, PhishingResistantMFAPolicies):
/// all users, all apps, no excluded roles, exclusions only as configured, IsPhishingResistantMFA; Maester CISA.MS.AAD.3.1
/// (maester365/maester@6bf1d98 powershell/public/cisa/entra/Test-MtCisaPhishResistant.ps1): all users, all apps, the
/// strength named "Phishing-resistant MFA". Low: Microsoft's own baseline for all users is MFA
/// (policy-all-users-mfa-strength), and phishing-resistant methods for everyone is where it points, not where most tenants are.
/// </summary>
public sealed class PhishingResistantMfaNotEnforcedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-phishing-resistant-mfa-not-enforced",
        "No Conditional Access policy requires phishing-resistant MFA of all users",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies", AuthenticationStrengths.Collection],
        ["enabledPolicies", "phishingResistantPoliciesNotEnforced", "shortfalls", "weakerStrengths"],
        [
            FrameworkReference.Scuba("MS.AAD.3.1v1").Partially("also fails a policy narrowed by a risk, location, platform or device condition, or one whose strength is an alternative to another control (OR), which ScubaGear accepts"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.3.1").Partially("Maester accepts only the built-in strength by its display name and ignores exclusions and conditions; this rule accepts any strength whose combinations are all phishing-resistant and fails on exclusions beyond the emergency-access accounts and on narrowing conditions"),
            FrameworkReference.Attack("T1557"), FrameworkReference.Attack("T1566"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        var strengths = new AuthenticationStrengths(inventory);
        var shortfalls = new List<string>();
        foreach (var policy in policies.Where(p => p.IsEnabled && strengths.IsPhishingResistant(p)))
        {
            var exclusions = ConditionalAccessExclusions.BeyondBreakGlass(policy, inventory, scan.Settings.BreakGlassAccounts);
            if (!policy.TargetsAllUsers)
            {
                shortfalls.Add($"{policy.Name}: only for selected users, groups or roles");
            }
            else if (!strengths.RequiresEverywhere(policy))
            {
                shortfalls.Add(policy.AppliesToEverySignIn ? $"{policy.Name}: the strength is one of several controls joined by OR" : policy.LabelWithNarrowings);
            }
            else if (exclusions.Any)
            {
                shortfalls.Add($"{policy.Name}: {exclusions.Describe()}");
            }
            else
            {
                yield break;
            }
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "phishingResistantPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && strengths.IsPhishingResistant(p) && p.TargetsAllUsers).Select(p => p.Label) },
            { "shortfalls", shortfalls },
            { "weakerStrengths", policies.Where(p => p.IsEnabled && p.TargetsAllUsers && (p.AuthenticationStrengthId ?? p.AuthenticationStrength) is not null && !strengths.IsPhishingResistant(p)).Select(strengths.Describe) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

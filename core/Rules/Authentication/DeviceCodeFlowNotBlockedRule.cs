using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy blocks the device code flow for all users. Device code
/// phishing hands an attacker the victim's tokens after a real sign-in with MFA, so MFA does not stop
/// it; security defaults do not block the flow either, so they are not consulted. A block that applies only
/// under a risk, location, platform or device condition, or that excludes applications, is narrower (see
/// <see cref="ConditionalAccessPolicy.Narrowings"/>); report-only blocks never count.
/// </summary>
public sealed class DeviceCodeFlowNotBlockedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-device-code-flow-not-blocked",
        "Device code flow is not blocked",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "deviceCodePoliciesNotEnforced", "narrowerDeviceCodePolicies"],
        [
            FrameworkReference.Cis("5.2.2.12"),
            FrameworkReference.Scuba("MS.AAD.3.9v1").Partially("accepts a block whatever users, groups or roles it excludes, where ScubaGear fails on excluded roles and on exclusions it is not configured to expect; fails on a block narrowed by risk, location, platform or device conditions, which ScubaGear accepts"),
            FrameworkReference.Maester("MT.1052").Partially("Maester also passes a policy that requires a compliant or hybrid-joined device for the device code flow instead of blocking it; this rule wants the flow blocked"),
            FrameworkReference.Attack("T1528"), FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        var deviceCodeBlocks = policies.Where(p => p.Blocks && PolicySettings.Has(p.AuthenticationFlows, "deviceCodeFlow")).ToList();
        if (deviceCodeBlocks.Any(p => p.IsEnabled && p.TargetsEveryone && p.Narrowings.Count == 0))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "deviceCodePoliciesNotEnforced", deviceCodeBlocks.Where(p => !p.IsEnabled).Select(p => p.Label) },
            { "narrowerDeviceCodePolicies", deviceCodeBlocks.Where(p => p.IsEnabled).Select(p => p.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

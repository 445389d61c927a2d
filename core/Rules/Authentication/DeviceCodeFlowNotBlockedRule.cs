using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy blocks the device code flow for all users. Device code
/// phishing hands an attacker the victim's tokens after a real sign-in with MFA, so MFA does not stop
/// it; security defaults do not block the flow either, so they are not consulted. A block that applies only
/// under a risk, location, platform or device condition, or that excludes applications, is narrower (see
/// <see cref="ConditionalAccessPolicy.Narrowings"/>); report-only blocks never count. A block that leaves out more
/// than the emergency-access accounts (and Entra Connect's sync role) does not pass (issue 19 item 4); the finding
/// names whom it excludes and the share of enabled users it covers (<see cref="ConditionalAccessCoverage"/>), so the
/// meeting-room accounts Microsoft's guidance allows to keep the flow are visible, not silently accepted.
/// Peer sources: cisagov/ScubaGear PowerShell/ScubaGear/Rego/AADConfig.rego (RequireDeviceCodeBlock);
/// maester365/maester powershell/public/maester/entra/Test-MtCaDeviceCodeFlow.ps1.
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
        ["enabledPolicies", "deviceCodePoliciesNotEnforced", "narrowerDeviceCodePolicies", "deviceCodePoliciesWithExclusions"],
        [
            FrameworkReference.Cis("5.2.2.12"),
            FrameworkReference.Scuba("MS.AAD.3.9v1").Partially("accepts as exclusions only the emergency-access accounts of the settings, a group known to hold only them and the Directory Synchronization Accounts role, where ScubaGear accepts the users and groups configured per policy and no excluded role; fails on a block narrowed by risk, location, platform or device conditions, which ScubaGear accepts; accepts a block of device code flow together with authentication transfer, which ScubaGear (transferMethods exactly deviceCodeFlow) refuses"),
            FrameworkReference.Maester("MT.1052").Partially("Maester also passes a policy that requires a compliant or hybrid-joined device for the device code flow instead of blocking it, and ignores exclusions and the applications targeted; this rule wants the flow blocked for all applications, leaving out only the emergency-access accounts"),
            FrameworkReference.Attack("T1528"), FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        var deviceCodeBlocks = policies.Where(p => p.Blocks && PolicySettings.Has(p.AuthenticationFlows, "deviceCodeFlow")).ToList();
        var membership = new PrincipalMembership(inventory);
        var forAll = deviceCodeBlocks.Where(p => p.IsEnabled && p.TargetsEveryone && p.Narrowings.Count == 0)
            .Select(p => ConditionalAccessCoverage.Of(p, inventory, scan.Settings.BreakGlassAccounts, membership)).ToList();
        if (forAll.Any(c => c.LeavesOutOnlyBreakGlass))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "deviceCodePoliciesNotEnforced", deviceCodeBlocks.Where(p => !p.IsEnabled).Select(p => p.Label) },
            { "narrowerDeviceCodePolicies", deviceCodeBlocks.Where(p => p.IsEnabled && !(p.TargetsEveryone && p.Narrowings.Count == 0)).Select(p => p.Name) },
            { "deviceCodePoliciesWithExclusions", forAll.Select(c => c.Describe()) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

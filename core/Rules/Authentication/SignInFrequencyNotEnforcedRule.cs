using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy for all users and all resources sets a time-based sign-in frequency for unmanaged
/// devices: on every device, or with a device filter that leaves out compliant and hybrid-joined devices. Maester MT.1018
/// (maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtCaEnforceSignInFrequency.ps1): enabled, signInFrequency
/// enabled with frequencyInterval timeBased, includeUsers and includeApplications All, and a device filter including
/// <c>device.trustType -ne "ServerAD"</c> and <c>device.isCompliant -ne True</c> (or excluding both with -eq). Low: Microsoft
/// offers it as a template (policy-all-users-persistent-browser), not a baseline.
/// </summary>
public sealed class SignInFrequencyNotEnforcedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-sign-in-frequency-not-enforced",
        "No sign-in frequency limits sessions on unmanaged devices",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "signInFrequencyPolicies"],
        [
            FrameworkReference.Maester("MT.1018").Partially("also passes a policy with no device filter, which limits sessions on every device, unmanaged ones included (Maester's -AllDevices)"),
            FrameworkReference.Attack("T1539"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        if (policies.Any(p => p.IsEnabled && p.IncludesAllUsersAndApplications && p.Session.TimeBasedSignInFrequency
                              && (p.Conditions.DeviceFilterMode is null || UnmanagedDeviceFilter.ExcludesCompliantAndHybridJoined(p))))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "signInFrequencyPolicies", policies.Where(p => p.Session.SignInFrequency is not null).Select(p => SessionPolicies.Describe(p, $"sign-in frequency {p.Session.SignInFrequency!.Describe()}")) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

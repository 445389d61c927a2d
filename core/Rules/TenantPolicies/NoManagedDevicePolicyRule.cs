using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// No enabled Conditional Access policy requires a managed device (compliant, or Microsoft Entra hybrid joined) of all
/// users on all applications, so a stolen password and MFA prompt work from any attacker's machine. Read from Maester's
/// Test-MtCaDeviceComplianceExists (MT.1001) and Test-MtCisaManagedDevice (CISA.MS.AAD.3.7, maester365/maester@6bf1d98
/// powershell/public/cisa/entra/Test-MtCisaManagedDevice.ps1 with tests/cisa/entra/Test-MtCisaManagedDevice.Tests.ps1,
/// which retries with -SkipHybridJoinCheck) and CISA ScubaGear's ManagedDeviceAuth (cisagov/ScubaGear@4d34e9a
/// PowerShell/ScubaGear/Rego/AADConfig.rego, MS.AAD.3.7v1). Low: Microsoft's own template offers MFA beside the device,
/// and bring-your-own-device tenants are a documented, normal choice.
/// </summary>
public sealed class NoManagedDevicePolicyRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "ca-no-managed-device-policy",
        "No Conditional Access policy requires a managed device",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "devicePoliciesNotEnforced", "narrowerDevicePolicies"],
        [
            FrameworkReference.Scuba("MS.AAD.3.7v1").Partially("ScubaGear wants exactly \"compliant device OR hybrid joined\" and fails on any exclusion it is not configured to expect; this rule accepts either device control when required, and leaves exclusions to the administrator"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.3.7").Partially("Maester passes an all-users, all-apps policy that lists the compliant-device control even as one option beside MFA; this rule wants the device required, and also accepts hybrid join alone"),
            FrameworkReference.Maester("MT.1001").Partially("Maester passes any enabled policy listing the compliant-device control, whoever and whatever it targets; this rule wants a managed device required of all users on all applications"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        bool ForEveryone(ConditionalAccessPolicy p) => p.TargetsEveryone && ConditionalAccessBaseline.RequiresManagedDevice(p);
        if (policies.Any(p => p.IsEnabled && ForEveryone(p)))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "devicePoliciesNotEnforced", policies.Where(p => !p.IsEnabled && ForEveryone(p)).Select(p => p.Label) },
            { "narrowerDevicePolicies", policies.Where(p => p.IsEnabled && ConditionalAccessBaseline.OffersManagedDevice(p)).Select(p => p.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

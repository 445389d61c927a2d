using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// No enabled Conditional Access policy requires a compliant or Microsoft Entra hybrid joined device of the administrators
/// (the 14 roles of Microsoft's template, or all users) on all applications: an administrator's phished session can be
/// used from any machine. Exactly Maester's Test-MtCaDeviceComplianceAdminsExists (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtCaDeviceComplianceAdminsExists.ps1, MT.1014): enabled; all 14 roles included
/// (or all users) and none of them excluded; all applications; a device control required (alone, or with AND).
/// </summary>
public sealed class AdminManagedDeviceNotRequiredRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "ca-admin-managed-device-not-required",
        "Administrators are not required to use a managed device",
        RuleCategory.TenantPolicies,
        Severity.Medium,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "adminDevicePoliciesNotEnforced", "narrowerAdminDevicePolicies"],
        [
            FrameworkReference.Maester("MT.1014"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        static bool Covers(ConditionalAccessPolicy p) => p.TargetsAllApplications && ConditionalAccessBaseline.TargetsTemplateAdmins(p) && ConditionalAccessBaseline.RequiresManagedDevice(p);
        if (policies.Any(p => p.IsEnabled && Covers(p)))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "adminDevicePoliciesNotEnforced", policies.Where(p => !p.IsEnabled && Covers(p)).Select(p => p.Label) },
            { "narrowerAdminDevicePolicies", policies.Where(p => p.IsEnabled && ConditionalAccessBaseline.OffersManagedDevice(p) && !Covers(p)).Select(Why) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    /// <summary>"Name: leaves out Billing Administrator, …": why an enabled device policy does not count.</summary>
    private static string Why(ConditionalAccessPolicy policy)
    {
        var why = new List<string>();
        if (ConditionalAccessBaseline.TemplateAdminRolesLeftOut(policy).ToList() is { Count: > 0 } leftOut)
        {
            why.Add($"leaves out {string.Join(", ", leftOut)}");
        }

        if (!policy.TargetsAllApplications)
        {
            why.Add("only for selected applications");
        }

        if (!ConditionalAccessBaseline.RequiresManagedDevice(policy))
        {
            why.Add("the device is one option among others");
        }

        return $"{policy.Name}: {string.Join("; ", why)}";
    }
}

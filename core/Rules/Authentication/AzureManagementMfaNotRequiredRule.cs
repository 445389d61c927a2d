using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Security defaults are off and no enabled Conditional Access policy requires MFA for Azure management (the Windows Azure
/// Service Management API, the Microsoft Admin Portals, or all resources) of all users or of the 14 administrator roles of
/// Microsoft's template. As Maester's Test-MtCaMfaForAdminManagement (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtCaMfaForAdminManagement.ps1, MT.1008), except that MFA must be required, not one
/// option beside another control (<see cref="ConditionalAccessPolicy.RequiresMfa"/>), and that security defaults, which
/// require MFA for Azure management, pass.
/// </summary>
public sealed class AzureManagementMfaNotRequiredRule : PostureRule
{
    /// <summary>Windows Azure Service Management API: the Azure portal, CLI, PowerShell and ARM templates.</summary>
    private const string AzureServiceManagementAppId = "797f4846-ba00-4fd7-ba43-dac1f8f63013";

    public override RuleDefinition Definition { get; } = new(
        "ca-azure-management-mfa-not-required",
        "MFA is not required for Azure management",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        ["securityDefaults", "conditionalAccessPolicies"],
        ["securityDefaultsEnabled", "enabledPolicies", "azureManagementMfaPoliciesNotEnforced"],
        [
            FrameworkReference.Maester("MT.1008").Partially("Maester also passes a policy where MFA is one option beside another control, and fails when security defaults (which require MFA for Azure management) are on; this rule wants MFA required and passes on security defaults"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (PolicySettings.SecurityDefaultsEnabled(inventory) is not false)
        {
            yield break;
        }

        var policies = ConditionalAccessPolicy.All(inventory);
        if (policies.Any(p => p.IsEnabled && Covers(p)))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "azureManagementMfaPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && Covers(p)).Select(p => p.Label) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static bool Covers(ConditionalAccessPolicy policy)
        => policy.RequiresMfa
           && (policy.TargetsAllUsers || ConditionalAccessBaseline.TemplateAdminRoles.Keys.All(role => PolicySettings.Has(policy.IncludeRoles, role)))
           && (policy.TargetsAllApplications || PolicySettings.Has(policy.IncludeApplications, AzureServiceManagementAppId) || PolicySettings.Has(policy.IncludeApplications, "MicrosoftAdminPortals"));
}

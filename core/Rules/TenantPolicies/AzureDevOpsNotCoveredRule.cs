using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Azure DevOps is used in the tenant (its service principal exists) and no enabled Conditional Access policy applies to it:
/// none names it and none targets all resources without excluding it. Azure DevOps sign-ins no longer fall under policies
/// that target the Windows Azure Service Management API, so a tenant that protected Azure "management" that way left its
/// code, pipelines and their service connections unprotected. Read from Maester's Test-MtCaAzureDevOps
/// (maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtCaAzureDevOps.ps1, MT.1071), which skips the test
/// when the service principal is absent and wants Azure DevOps named explicitly.
/// </summary>
public sealed class AzureDevOpsNotCoveredRule : PostureRule
{
    private static readonly Guid AzureDevOpsAppId = new("499b84ac-1321-427f-aa17-267ca6975798");

    public override RuleDefinition Definition { get; } = new(
        "ca-azure-devops-not-covered",
        "Azure DevOps is covered by no Conditional Access policy",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Tenant,
        [.. RuleInputs.Collection("servicePrincipals", "appId"), "conditionalAccessPolicies"],
        ["enabledPolicies", "azureManagementOnlyPolicies"],
        [
            FrameworkReference.Maester("MT.1071").Partially("Maester wants Azure DevOps named in a policy; this rule also accepts an enabled all-resources policy that does not exclude it, which Microsoft documents as covering Azure DevOps"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (!inventory.ServicePrincipals.Any(sp => sp.AppId == AzureDevOpsAppId))
        {
            yield break;
        }

        var appId = AzureDevOpsAppId.ToString();
        var policies = ConditionalAccessPolicy.All(inventory);
        if (policies.Any(p => p.IsEnabled && (PolicySettings.Has(p.IncludeApplications, appId) || (p.TargetsAllApplications && !PolicySettings.Has(p.Conditions.ExcludeApplications, appId)))))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "azureManagementOnlyPolicies", policies.Where(p => p.IsEnabled && PolicySettings.Has(p.IncludeApplications, "797f4846-ba00-4fd7-ba43-dac1f8f63013")).Select(p => p.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

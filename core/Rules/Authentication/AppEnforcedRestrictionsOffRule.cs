using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy turns on application enforced restrictions for Office 365 for all users and all
/// client apps, so Exchange Online and SharePoint Online cannot limit unmanaged devices to web access without downloads.
/// Maester MT.1019 (maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtCaApplicationEnforcedRestriction.ps1),
/// the same condition: enabled, includeUsers All, clientAppTypes all, applicationEnforcedRestrictions enabled, Office365 among
/// the included applications. Low: the session control only hands the decision to SharePoint and Exchange, whose own
/// unmanaged-device settings do the restricting (https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-app-enforced-restrictions).
/// </summary>
public sealed class AppEnforcedRestrictionsOffRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-app-enforced-restrictions-off",
        "Office 365 cannot restrict sessions from unmanaged devices",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "restrictionPolicies"],
        [FrameworkReference.Maester("MT.1019"), FrameworkReference.Attack("T1530")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        if (policies.Any(p => p.IsEnabled && p.TargetsAllUsers && PolicySettings.Has(p.ClientAppTypes, "all")
                              && p.Session.ApplicationEnforcedRestrictions && PolicySettings.Has(p.IncludeApplications, "Office365")))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "restrictionPolicies", policies.Where(p => p.Session.ApplicationEnforcedRestrictions).Select(p => SessionPolicies.Describe(p, $"applications {string.Join(", ", p.IncludeApplications)}; client apps {string.Join(", ", p.ClientAppTypes)}", applicationsNamed: true)) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>
/// One of the tenant's own app registrations is multi-tenant, has no verified publisher, and holds
/// privileged Microsoft Graph application permissions here: a high-value target that other tenants can
/// also consent to.
/// </summary>
public sealed class MultitenantUnverifiedPrivilegedAppRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-multitenant-unverified-high-privilege",
        "Multi-tenant app without a verified publisher holds privileged permissions",
        RuleCategory.PermissionsAndConsent,
        Severity.Critical,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "signInAudience", "verifiedPublisher"), .. RuleInputs.Collection("servicePrincipals"), .. RuleInputs.Collection("appRoleAssignments")],
        ["displayName", "appId", "signInAudience", "verifiedPublisher", "permissions", "highestTier"],
        [FrameworkReference.Attack("T1199"), FrameworkReference.Entra(EntraRecommendation.VerifyAppPublisher)]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var app in inventory.Applications.Where(a => a.SignInAudience is "AzureADMultipleOrgs" or "AzureADandPersonalMicrosoftAccount" && string.IsNullOrEmpty(a.VerifiedPublisherName)))
        {
            if (inventory.ServicePrincipalOfApp(app.AppId) is not { } servicePrincipal)
            {
                continue;
            }

            var privileged = GraphApplicationPermissions.PrivilegedHeld(inventory, servicePrincipal.ObjectId);
            if (privileged.Count > 0)
            {
                yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
                {
                    { "displayName", app.DisplayName },
                    { "appId", app.AppId },
                    { "signInAudience", app.SignInAudience },
                    { "verifiedPublisher", "" },
                    { "permissions", privileged.Select(p => p.Name) },
                    { "highestTier", privileged.Max(p => p.Tier).ToString().ToLowerInvariant() },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

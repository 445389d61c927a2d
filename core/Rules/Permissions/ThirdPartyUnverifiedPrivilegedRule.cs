using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>An app published by another organisation, without a verified publisher, holds privileged Graph application permissions in this tenant.</summary>
public sealed class ThirdPartyUnverifiedPrivilegedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-third-party-unverified-privileged",
        "Unverified third-party app holds privileged permissions",
        RuleCategory.PermissionsAndConsent,
        Severity.High,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("servicePrincipals", "appOwnerOrganizationId", "verifiedPublisher"), .. RuleInputs.Collection("appRoleAssignments")],
        ["displayName", "appId", "appOwnerOrganizationId", "permissions"],
        [FrameworkReference.Attack("T1199")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var sp in inventory.ServicePrincipals.Where(s => IsThirdParty(s.AppOwnerOrganizationId, scan.TenantId) && string.IsNullOrEmpty(s.VerifiedPublisherName)))
        {
            var privileged = GraphApplicationPermissions.PrivilegedHeld(inventory, sp.ObjectId);
            if (privileged.Count > 0)
            {
                yield return new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
                {
                    { "displayName", sp.DisplayName },
                    { "appId", sp.AppId },
                    { "appOwnerOrganizationId", sp.AppOwnerOrganizationId },
                    { "permissions", privileged.Select(p => p.Name) },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.ServicePrincipals.Count(s => IsThirdParty(s.AppOwnerOrganizationId, scan.TenantId));

    private static bool IsThirdParty(Guid? owner, Guid tenantId) => owner is { } o && o != tenantId && o != GraphPermissionTiers.MicrosoftTenantId;
}

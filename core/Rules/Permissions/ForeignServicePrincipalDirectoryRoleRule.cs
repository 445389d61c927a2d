using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>
/// A service principal of an app registered in another organisation's tenant (<c>appOwnerOrganizationId</c> neither this
/// tenant nor Microsoft's) holds a directory role. The app's credentials live in that organisation: whoever controls them
/// there acts in this directory with the role, outside this tenant's user Conditional Access, MFA and access reviews
/// (ATT&amp;CK T1199, trusted relationship). A multi-tenant app should get what it needs through
/// consented permissions, which the tier rules judge (their findings carry the <c>third-party-app</c> signal). High for
/// any directory role, privileged or not: no Microsoft-documented setup gives a third-party app one, and even a read role
/// hands another organisation the directory. <c>role-service-principal-privileged</c> on the same service principal is
/// folded into this finding (RuleOverlaps). Active assignments only (Graph's roleAssignments), held directly or, for
/// privileged roles, through a role-assignable group — as the other role rules read them.
/// </summary>
public sealed class ForeignServicePrincipalDirectoryRoleRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-foreign-directory-role",
        "Another organisation's app holds a directory role",
        RuleCategory.PrivilegedAccess,
        Severity.High,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("servicePrincipals", "appOwnerOrganizationId", "verifiedPublisher")],
        ["displayName", "appId", "appOwnerOrganizationId", "verifiedPublisher", "roles", "privilegedRoles"],
        [FrameworkReference.Attack("T1199"), FrameworkReference.Attack("T1098.003")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var sp in Foreign(inventory, scan.TenantId))
        {
            var direct = inventory.RolesOf(sp.ObjectId).Select(a => inventory.Role(a.RoleDefinitionId) is { } role ? role.DisplayName : a.RoleDefinitionId);
            var privileged = inventory.PrivilegedRolesOf(sp.ObjectId);
            var roles = direct.Concat(privileged).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (roles.Count == 0)
            {
                continue;
            }

            yield return new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
            {
                { "displayName", sp.DisplayName },
                { "appId", sp.AppId },
                { "appOwnerOrganizationId", sp.AppOwnerOrganizationId },
                { "verifiedPublisher", sp.VerifiedPublisherName ?? "" },
                { "roles", roles },
                { "privilegedRoles", privileged },
            }, string.IsNullOrEmpty(sp.VerifiedPublisherName) ? [new ScoreSignal("unverified-publisher", 1.1m, "The publisher is not verified.")] : []);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Foreign(inventory, scan.TenantId).Count();

    private static IEnumerable<ServicePrincipalRecord> Foreign(TenantInventory inventory, Guid tenantId)
        => inventory.ServicePrincipals.Where(sp => sp.AppOwnerOrganizationId is { } owner && owner != tenantId && !GraphPermissionTiers.MicrosoftTenantIds.Contains(owner));
}

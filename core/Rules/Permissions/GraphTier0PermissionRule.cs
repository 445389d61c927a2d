using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>A service principal holds application permissions (Microsoft Graph, Exchange Online, SharePoint Online) of the direct tier (graph-dangerous-application-permissions.tsv).</summary>
public sealed class GraphTier0PermissionRule : GraphPermissionTierRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-graph-tier0-permission",
        "Application permission with a direct path to Global Administrator",
        RuleCategory.PermissionsAndConsent,
        Severity.Critical,
        ObjectTypes.ServicePrincipal,
        ["servicePrincipals", "appRoleAssignments"],
        GraphApplicationPermissions.EvidenceFields,
        [
            FrameworkReference.Attack("T1098.003"),
            FrameworkReference.Maester("MT.1050").Partially("judges application permissions only; Maester's Test-MtHighRiskAppPermissions -AttackPath Direct also fails on a delegated grant (oauth2PermissionGrant) of any of its eight direct scopes, which this rule does not read. Of application permissions, IdentityOps' direct list (graph-dangerous-application-permissions.tsv) holds Maester's eight and five more: DelegatedAdminRelationship.ReadWrite.All and UserAuthMethod-TAP, -Phone, -QR and -HardwareOATH.ReadWrite.All"),
        ]);

    protected override PermissionTier Tier => PermissionTier.Direct;
}

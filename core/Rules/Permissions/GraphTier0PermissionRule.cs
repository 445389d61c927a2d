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
            FrameworkReference.Maester("MT.1050").Partially("judges application permissions on IdentityOps' direct-path list (graph-dangerous-application-permissions.tsv, Exchange and SharePoint included); Maester's Test-MtHighRiskAppPermissions also counts delegated grants of its own Graph list"),
        ]);

    protected override PermissionTier Tier => PermissionTier.Direct;
}

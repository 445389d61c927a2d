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
        [FrameworkReference.Attack("T1098.003")]);

    protected override PermissionTier Tier => PermissionTier.Direct;
}

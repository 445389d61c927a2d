using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>A service principal holds application permissions (Microsoft Graph, Exchange Online, SharePoint Online) of the sensitive tier (graph-dangerous-application-permissions.tsv).</summary>
public sealed class GraphSensitiveDataPermissionRule : GraphPermissionTierRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-graph-sensitive-permission",
        "Application permission to every mailbox, file or site",
        RuleCategory.PermissionsAndConsent,
        Severity.High,
        ObjectTypes.ServicePrincipal,
        ["servicePrincipals", "appRoleAssignments"],
        GraphApplicationPermissions.EvidenceFields,
        [FrameworkReference.Attack("T1114.002")]);

    protected override PermissionTier Tier => PermissionTier.Sensitive;
}

using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>A service principal holds application permissions (Microsoft Graph, Exchange Online, SharePoint Online) of the indirect tier (graph-dangerous-application-permissions.tsv).</summary>
public sealed class GraphHighPermissionRule : GraphPermissionTierRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-graph-high-permission",
        "Application permission with an indirect path to Global Administrator or other privileged access",
        RuleCategory.PermissionsAndConsent,
        Severity.High,
        ObjectTypes.ServicePrincipal,
        ["servicePrincipals", "appRoleAssignments"],
        GraphApplicationPermissions.EvidenceFields,
        [
            FrameworkReference.Attack("T1098.001"),
            FrameworkReference.Maester("MT.1051").Partially("judges application permissions on IdentityOps' indirect-path list (graph-dangerous-application-permissions.tsv); Maester's Test-MtHighRiskAppPermissions also counts delegated grants of its own Graph list"),
        ]);

    protected override PermissionTier Tier => PermissionTier.Indirect;
}

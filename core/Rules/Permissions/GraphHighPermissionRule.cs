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
            FrameworkReference.Maester("MT.1051").Partially("judges application permissions only; Maester's Test-MtHighRiskAppPermissions -AttackPath Indirect also fails on a delegated grant (oauth2PermissionGrant) of any of its indirect scopes, which this rule does not read. Of application permissions, IdentityOps' indirect list (graph-dangerous-application-permissions.tsv) holds Maester's twenty and five more: Application.ReadUpdate.All, DelegatedPermissionGrant.ReadWrite.All, Policy.ReadWrite.Authorization, IdentityProvider.ReadWrite.All and OnPremDirectorySynchronization.ReadWrite.All"),
        ]);

    protected override PermissionTier Tier => PermissionTier.Indirect;
}

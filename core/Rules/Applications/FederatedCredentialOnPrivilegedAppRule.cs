using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Permissions;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A federated identity credential on an app whose service principal holds a Microsoft Graph
/// application permission that is a path to Global Administrator, or a privileged directory role:
/// whoever can mint tokens for the trusted issuer and subject (a CI pipeline, a repository branch)
/// holds those privileges, without any secret.
/// </summary>
/// <remarks>
/// Graph lists federated credentials per app, so the collector reads them for exactly the apps this
/// rule calls privileged (collection <c>federatedIdentityCredentials</c>, after <c>appRoleAssignments</c>
/// and <c>directoryRoles</c>); it counts those apps as evaluated.
/// </remarks>
public sealed class FederatedCredentialOnPrivilegedAppRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-federated-credential-privileged",
        "Federated identity credential on a privileged app",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications"), .. RuleInputs.Collection("servicePrincipals"), .. RuleInputs.Collection("appRoleAssignments"), .. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("federatedIdentityCredentials")],
        ["displayName", "appId", "permissions", "roles", "issuers", "subjects", "audiences"],
        [FrameworkReference.Attack("T1199")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var (app, permissions, roles) in Privileged(inventory))
        {
            var federated = inventory.FederatedCredentialsOf(app.ObjectId).OrderBy(c => c.CredentialId, StringComparer.Ordinal).ToList();
            if (federated.Count == 0)
            {
                continue;
            }

            yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
            {
                { "displayName", app.DisplayName },
                { "appId", app.AppId },
                { "permissions", permissions },
                { "roles", roles },
                { "issuers", federated.Select(c => c.Issuer).Distinct(StringComparer.Ordinal) },
                { "subjects", federated.Select(c => c.Subject) },
                { "audiences", federated.SelectMany(c => c.Audiences).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Privileged(inventory).Count();

    /// <summary>App registrations whose service principal holds a path-to-Global-Administrator Graph permission or a privileged role.</summary>
    private static IEnumerable<(Inventory.ApplicationRecord App, IReadOnlyList<string> Permissions, IReadOnlyList<string> Roles)> Privileged(TenantInventory inventory)
    {
        foreach (var app in inventory.Applications)
        {
            if (inventory.ServicePrincipalOfApp(app.AppId) is not { } servicePrincipal)
            {
                continue;
            }

            var permissions = GraphApplicationPermissions.PrivilegedHeld(inventory, servicePrincipal.ObjectId).Select(p => p.Name).ToList();
            var roles = inventory.PrivilegedRolesOf(servicePrincipal.ObjectId);
            if (permissions.Count > 0 || roles.Count > 0)
            {
                yield return (app, permissions, roles);
            }
        }
    }
}

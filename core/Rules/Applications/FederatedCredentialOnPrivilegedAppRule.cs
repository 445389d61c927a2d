using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Permissions;
using IdentityOps.Core.Rules.Reference;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A federated identity credential on an app with privileged Graph permissions: whoever can mint tokens
/// for the trusted issuer and subject (a CI pipeline, a repository branch) holds those privileges.
/// </summary>
public sealed class FederatedCredentialOnPrivilegedAppRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-federated-credential-privileged",
        "Federated identity credential on a privileged app",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        // Graph lists federated credentials per app (applications/{id}/federatedIdentityCredentials), which
        // this collector does not read yet: until it does, the rule is "not evaluated", never a false pass.
        ["applications", "servicePrincipals", "appRoleAssignments", "federatedIdentityCredentials"],
        ["displayName", "appId", "permissions", "issuers", "subjects"],
        [FrameworkReference.Attack("T1199"), FrameworkReference.Entra("Review federated identity credentials")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var app in inventory.Applications)
        {
            var federated = inventory.CredentialsOf(app.ObjectId).Where(c => c.Kind == CredentialKind.Federated).OrderBy(c => c.CredentialId).ToList();
            if (federated.Count == 0 || inventory.ServicePrincipalOfApp(app.AppId) is not { } servicePrincipal)
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
                    { "permissions", privileged.Select(p => p.Name) },
                    { "issuers", federated.Select(c => c.FederatedIssuer ?? "") },
                    { "subjects", federated.Select(c => c.FederatedSubject ?? "") },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A credential added in this tenant to a Microsoft first-party service principal (owned by Microsoft's
/// tenant): no legitimate setup needs one, and it lets the holder act with that app's broad permissions.
/// </summary>
public sealed class CredentialOnFirstPartyServicePrincipalRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-credential-on-first-party",
        "Credential added to a Microsoft first-party service principal",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Critical,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("servicePrincipals", "appOwnerOrganizationId", "passwordCredentials", "keyCredentials")],
        ["displayName", "appId", "appOwnerOrganizationId", "credentialKinds", "credentialIds"],
        [FrameworkReference.Attack("T1098.001"), FrameworkReference.Attack("T1550.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var sp in inventory.ServicePrincipals.Where(s => s.AppOwnerOrganizationId == GraphPermissionTiers.MicrosoftTenantId))
        {
            var credentials = inventory.CredentialsOf(sp.ObjectId)
                .Where(c => c.OwnerKind == CredentialOwnerKind.ServicePrincipal && c.Kind != CredentialKind.Federated)
                .OrderBy(c => c.CredentialId)
                .ToList();
            if (credentials.Count > 0)
            {
                yield return new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
                {
                    { "displayName", sp.DisplayName },
                    { "appId", sp.AppId },
                    { "appOwnerOrganizationId", sp.AppOwnerOrganizationId },
                    { "credentialKinds", credentials.Select(c => c.Kind.ToString()).Distinct().Order(StringComparer.Ordinal) },
                    { "credentialIds", credentials.Select(c => c.CredentialId.ToString()) },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => inventory.ServicePrincipals.Count(s => s.AppOwnerOrganizationId == GraphPermissionTiers.MicrosoftTenantId);
}

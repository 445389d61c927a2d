using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>An admin granted sensitive delegated scopes for all users: the app can read every user's data whenever any user signs in to it.</summary>
public sealed class TenantWideSensitiveGrantRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "grant-tenant-wide-sensitive-scope",
        "Sensitive delegated scopes granted for all users",
        RuleCategory.PermissionsAndConsent,
        Severity.Medium,
        ObjectTypes.OAuth2PermissionGrant,
        [.. RuleInputs.Collection("oauth2PermissionGrants", "consentType", "scope"), .. RuleInputs.Collection("servicePrincipals")],
        ["clientDisplayName", "clientAppId", "resourceDisplayName", "consentType", "sensitiveScopes", "allScopes"],
        [FrameworkReference.Attack("T1528")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var grant in inventory.DelegatedGrants.Where(g => g.ConsentType == "AllPrincipals"))
        {
            var sensitive = grant.Scopes.Where(DelegatedScopes.Sensitive.Contains).Order(StringComparer.Ordinal).ToList();
            if (sensitive.Count == 0)
            {
                continue;
            }

            var client = inventory.ServicePrincipal(grant.ClientId);
            var signals = client is null ? [] : GraphApplicationPermissions.ExposureOf(client, scan.TenantId);
            yield return new RuleHit(grant.GrantId, client?.DisplayName, new Evidence
            {
                { "clientDisplayName", client?.DisplayName ?? grant.ClientId.ToString() },
                { "clientAppId", client?.AppId.ToString() ?? "" },
                { "resourceDisplayName", inventory.ServicePrincipal(grant.ResourceId)?.DisplayName ?? grant.ResourceId.ToString() },
                { "consentType", grant.ConsentType },
                { "sensitiveScopes", sensitive },
                { "allScopes", grant.Scopes.Order(StringComparer.Ordinal) },
            }, signals);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.DelegatedGrants.Count(g => g.ConsentType == "AllPrincipals");
}

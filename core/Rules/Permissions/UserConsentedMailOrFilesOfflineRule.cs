using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>
/// A user consented for themselves to offline_access together with mail or file scopes: the pattern of
/// consent phishing, which gives the app a refresh token to that user's data for months.
/// </summary>
public sealed class UserConsentedMailOrFilesOfflineRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "grant-user-consent-offline-mail",
        "User consented to offline access to their mail or files",
        RuleCategory.PermissionsAndConsent,
        Severity.Medium,
        ObjectTypes.OAuth2PermissionGrant,
        [.. RuleInputs.Collection("oauth2PermissionGrants", "consentType", "principalId", "scope"), .. RuleInputs.Collection("servicePrincipals")],
        ["clientDisplayName", "clientAppId", "userDisplayName", "userId", "riskyScopes", "allScopes", "publisherVerified"],
        [FrameworkReference.Attack("T1528"), FrameworkReference.Attack("T1566.002")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var grant in inventory.DelegatedGrants.Where(g => g.ConsentType == "Principal" && g.PrincipalId is not null))
        {
            var risky = grant.Scopes.Where(DelegatedScopes.IsMailOrFiles).Order(StringComparer.Ordinal).ToList();
            if (risky.Count == 0 || !grant.Scopes.Contains("offline_access", StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var client = inventory.ServicePrincipal(grant.ClientId);
            var user = inventory.User(grant.PrincipalId!.Value);
            var signals = client is null ? [] : GraphApplicationPermissions.ExposureOf(client, scan.TenantId);
            yield return new RuleHit(grant.GrantId, client?.DisplayName, new Evidence
            {
                { "clientDisplayName", client?.DisplayName ?? grant.ClientId.ToString() },
                { "clientAppId", client?.AppId.ToString() ?? "" },
                { "userDisplayName", user?.DisplayName ?? "" },
                { "userId", grant.PrincipalId },
                { "riskyScopes", risky.Prepend("offline_access") },
                { "allScopes", grant.Scopes.Order(StringComparer.Ordinal) },
                { "publisherVerified", !string.IsNullOrEmpty(client?.VerifiedPublisherName) },
            }, signals);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.DelegatedGrants.Count(g => g.ConsentType == "Principal");
}

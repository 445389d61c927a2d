using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A credential added in this tenant to a Microsoft first-party service principal (owned by Microsoft's
/// tenant): it lets the holder act with that app's broad permissions, and no setup Microsoft documents
/// needs one — except the on-premises auth certificate of Exchange, SharePoint or Skype hybrid, which
/// <see cref="HybridCertificateOnFirstPartyServicePrincipalRule"/> reports on its own (Microsoft's Zero Trust
/// assessment test 21774 marks any such credential "Investigate").
/// </summary>
public sealed class CredentialOnFirstPartyServicePrincipalRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-credential-on-first-party",
        "Credential added to a Microsoft first-party service principal",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Critical,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("servicePrincipals", "appOwnerOrganizationId", "appId", "passwordCredentials", "keyCredentials")],
        ["displayName", "appId", "appOwnerOrganizationId", "credentialKinds", "credentialIds"],
        [FrameworkReference.Attack("T1098.001"), FrameworkReference.Attack("T1550.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var sp in inventory.ServicePrincipals.Where(HybridAuthCertificates.IsFirstParty))
        {
            // Passwords always count; a certificate only when it is not the hybrid auth certificate's pattern.
            var credentials = inventory.CredentialsOf(sp.ObjectId)
                .Where(c => c.OwnerKind == CredentialOwnerKind.ServicePrincipal && c.Kind != CredentialKind.Federated && !HybridAuthCertificates.MatchesHybridPattern(sp, c))
                .OrderBy(c => c.CredentialId)
                .ThenBy(c => c.Kind)
                .ToList();
            if (credentials.Count > 0)
            {
                yield return new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
                {
                    { "displayName", sp.DisplayName },
                    { "appId", sp.AppId },
                    { "appOwnerOrganizationId", sp.AppOwnerOrganizationId },
                    { "credentialKinds", credentials.Select(c => c.Kind.ToString()).Distinct().Order(StringComparer.Ordinal) },
                    { "credentialIds", credentials.Select(c => c.CredentialId.ToString()).Distinct() },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => inventory.ServicePrincipals.Count(HybridAuthCertificates.IsFirstParty);
}

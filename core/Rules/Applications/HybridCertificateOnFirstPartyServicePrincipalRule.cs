using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A public-key certificate on the Exchange Online, SharePoint Online or Skype for Business Online service
/// principal: the pattern of the on-premises auth certificate that Microsoft's hybrid guides have admins upload
/// there. Low, not Critical: Microsoft documents the upload, the private key stays on the on-premises servers,
/// and Microsoft's Zero Trust assessment (test 21774) marks it "Investigate" rather than a compromise. It is still
/// reported: an attacker's certificate looks the same, only a comparison with the on-premises certificate tells
/// them apart, and since Exchange moved to a dedicated hybrid app Microsoft asks for the old one to be removed.
/// </summary>
public sealed class HybridCertificateOnFirstPartyServicePrincipalRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-hybrid-certificate-on-first-party",
        "On-premises auth certificate on a Microsoft service principal (hybrid)",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("servicePrincipals", "appOwnerOrganizationId", "appId", "keyCredentials")],
        ["displayName", "appId", "hybridService", "credentialIds", "credentialNames", "startsAt", "endsAt"],
        [FrameworkReference.Attack("T1098.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var sp in inventory.ServicePrincipals.Where(s => HybridAuthCertificates.IsFirstParty(s) && HybridAuthCertificates.HybridServices.ContainsKey(s.AppId)))
        {
            var certificates = inventory.CredentialsOf(sp.ObjectId)
                .Where(c => HybridAuthCertificates.MatchesHybridPattern(sp, c))
                .OrderBy(c => c.StartsAt ?? DateTimeOffset.MinValue)
                .ThenBy(c => c.CredentialId)
                .ToList();
            if (certificates.Count > 0)
            {
                yield return new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
                {
                    { "displayName", sp.DisplayName },
                    { "appId", sp.AppId },
                    { "hybridService", HybridAuthCertificates.HybridServices[sp.AppId] },
                    { "credentialIds", certificates.Select(c => c.CredentialId.ToString()) },
                    { "credentialNames", certificates.Select(c => c.DisplayName ?? "(no name)") },
                    { "startsAt", certificates.Select(c => c.StartsAt is { } start ? start.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "unknown") },
                    { "endsAt", certificates.Select(c => c.EndsAt is { } end ? end.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "unknown") },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => inventory.ServicePrincipals.Count(s => HybridAuthCertificates.IsFirstParty(s) && HybridAuthCertificates.HybridServices.ContainsKey(s.AppId));
}

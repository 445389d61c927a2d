using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A certificate past its end date is still stored on a service principal: most often a SAML signing certificate that
/// was replaced but never deleted. Low: it signs nothing any more; it hides which certificate is live.
/// </summary>
public sealed class ServicePrincipalCertificateExpiredRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-certificate-expired",
        "Expired certificate still on the service principal",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("servicePrincipals", "appOwnerOrganizationId", "keyCredentials")],
        Certificates.EvidenceFields,
        [FrameworkReference.Attack("T1552.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => Certificates.PerObject(Certificates.OfServicePrincipals(inventory).Where(m => Certificates.Expired(m.Certificate, scan.AsOf)), scan.AsOf);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Certificates.ServicePrincipalsJudged(inventory);
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A certificate on a service principal ends within the warning window and nothing on it outlives it: for a SAML app
/// the signing certificate, whose expiry stops single sign-on until a new one is made active and given to the
/// application. Low: an outage risk, not an exposure.
/// </summary>
public sealed class ServicePrincipalCertificateExpiringRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-certificate-expiring-30d",
        "Service principal certificate expires within a month with no successor",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("servicePrincipals", "appOwnerOrganizationId", "keyCredentials", "passwordCredentials")],
        [.. Certificates.EvidenceFields, "warningDays"],
        [FrameworkReference.Entra(EntraRecommendation.RenewExpiringServicePrincipalCredentials)]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => Certificates.ExpiringPerObject(Certificates.OfServicePrincipals(inventory), inventory, scan);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Certificates.ServicePrincipalsJudged(inventory);
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A certificate of the app registration ends within the warning window (30 days by default) and nothing on the app outlives it.</summary>
public sealed class CertificateExpiringRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-certificate-expiring-30d",
        "Certificate expires within a month with no successor",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "keyCredentials", "passwordCredentials")],
        [.. Certificates.EvidenceFields, "warningDays"],
        [FrameworkReference.Entra(EntraRecommendation.RenewExpiringApplicationCredentials)]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => Certificates.ExpiringPerObject(Certificates.OfApplications(inventory), inventory, scan);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A certificate of the app registration valid for more than a year. Low: a long-lived certificate is not exposed by
/// itself, but a stolen private key stays useful until the end date, and short lifetimes force the rotation that
/// keeps owners in practice. Service principals' SAML signing certificates (three years by default, generated and kept
/// by Entra) are not app registration credentials and are not judged here.
/// </summary>
public sealed class CertificateLongLifetimeRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-certificate-lifetime-over-1y",
        "Certificate valid for more than a year",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "keyCredentials")],
        Certificates.EvidenceFields,
        [FrameworkReference.Attack("T1552.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => Certificates.PerObject(Certificates.OfApplications(inventory).Where(m => Certificates.LongerThanOneYear(m.Certificate, scan.AsOf)), scan.AsOf, longestFirst: true);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

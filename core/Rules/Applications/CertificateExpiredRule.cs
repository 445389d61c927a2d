using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A certificate past its end date is still stored on the app registration: clutter that hides which credentials are live.</summary>
public sealed class CertificateExpiredRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-certificate-expired",
        "Expired certificate still on the app registration",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "keyCredentials")],
        Certificates.EvidenceFields,
        [FrameworkReference.Attack("T1552.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => Certificates.PerObject(Certificates.OfApplications(inventory).Where(m => Certificates.Expired(m.Certificate, scan.AsOf)), scan.AsOf);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

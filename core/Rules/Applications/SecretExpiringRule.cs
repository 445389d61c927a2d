using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A client secret ends within the warning window (after the urgent window; 30 days by default) with nothing to replace it.</summary>
public sealed class SecretExpiringRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-secret-expiring-30d",
        "Client secret expires within a month",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials", "keyCredentials")],
        ApplicationSecrets.EvidenceFields,
        [FrameworkReference.Entra(EntraRecommendation.RenewExpiringApplicationCredentials)]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => ApplicationSecrets.PerApp(SecretExpiry.Expiring(inventory, scan, scan.Settings.SecretExpiryUrgentDays + 1, scan.Settings.SecretExpiryWarningDays), scan.AsOf);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ApplicationSecrets.All(inventory).Count();
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A client secret ends within the urgent window (7 days by default) and the app has no later credential.</summary>
public sealed class SecretExpiringSoonRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-secret-expiring-7d",
        "Client secret expires within days",
        RuleCategory.ApplicationsAndCredentials,
        Severity.High,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials", "keyCredentials")],
        ApplicationSecrets.EvidenceFields,
        [FrameworkReference.Entra(EntraRecommendation.RenewExpiringApplicationCredentials)]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => ApplicationSecrets.PerApp(SecretExpiry.Expiring(inventory, scan, 0, scan.Settings.SecretExpiryUrgentDays), scan.AsOf);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ApplicationSecrets.All(inventory).Count();
}

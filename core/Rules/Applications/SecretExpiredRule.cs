using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A client secret past its end date is still stored on the app: dead weight that hides which secrets are live.</summary>
public sealed class SecretExpiredRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-secret-expired",
        "Expired client secret still on the app registration",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials", "keyCredentials")],
        ApplicationSecrets.EvidenceFields,
        [FrameworkReference.Attack("T1552")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => ApplicationSecrets.PerApp(ApplicationSecrets.All(inventory)
            .Where(s => s.Secret.EndsAt is { } end && end < scan.AsOf), scan.AsOf);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ApplicationSecrets.All(inventory).Count();
}

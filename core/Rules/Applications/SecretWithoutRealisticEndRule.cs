using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A client secret that never realistically expires (an end date more than ten years away, such as 9999-12-31).</summary>
public sealed class SecretWithoutRealisticEndRule : PostureRule
{
    private const int RealisticYears = 10;

    public override RuleDefinition Definition { get; } = new(
        "app-secret-no-realistic-end",
        "Client secret without a realistic end date",
        RuleCategory.ApplicationsAndCredentials,
        Severity.High,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials", "keyCredentials")],
        ApplicationSecrets.EvidenceFields,
        [FrameworkReference.Attack("T1098.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => ApplicationSecrets.PerApp(ApplicationSecrets.All(inventory)
            .Where(s => s.Secret.EndsAt is null || s.Secret.EndsAt > scan.AsOf.AddYears(RealisticYears)), scan.AsOf);

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ApplicationSecrets.All(inventory).Count();
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A client secret valid for longer than a year (Microsoft recommends under 12 months).</summary>
public sealed class SecretLongLifetimeRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-secret-lifetime-over-1y",
        "Client secret valid for more than a year",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials", "keyCredentials")],
        [.. ApplicationSecrets.EvidenceFields, "lifetimeDays", "maximumLifetimeDays"],
        [FrameworkReference.Attack("T1098.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => ApplicationSecrets.All(inventory)
            .Where(s => s.Secret is { StartsAt: { } start, EndsAt: { } end } && end >= scan.AsOf && (end - start).TotalDays > scan.Settings.MaximumSecretLifetimeDays)
            .GroupBy(s => s.App.ObjectId)
            .Select(g =>
            {
                // The longest-lived secret stands for the app.
                var s = g.OrderByDescending(m => m.Secret.EndsAt!.Value - m.Secret.StartsAt!.Value).ThenBy(m => m.Secret.CredentialId).First();
                var hit = ApplicationSecrets.Hit(s.App, s.Secret, scan.AsOf, g.Count());
                hit.Evidence.Add("lifetimeDays", (long)Math.Floor((s.Secret.EndsAt!.Value - s.Secret.StartsAt!.Value).TotalDays));
                hit.Evidence.Add("maximumLifetimeDays", scan.Settings.MaximumSecretLifetimeDays);
                return hit;
            });

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ApplicationSecrets.All(inventory).Count();
}

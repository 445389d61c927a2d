using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>More active client secrets on one app than rotation needs (two by default): each is a separate way in.</summary>
public sealed class MultipleActiveSecretsRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-multiple-active-secrets",
        "Several active client secrets on one app",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials")],
        ["displayName", "appId", "activeSecrets", "maximumActiveSecrets", "credentialIds"],
        [FrameworkReference.Attack("T1098.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var app in inventory.Applications)
        {
            var active = inventory.CredentialsOf(app.ObjectId)
                .Where(c => c.Kind == CredentialKind.Password && c.OwnerKind == CredentialOwnerKind.Application && (c.StartsAt is null || c.StartsAt <= scan.AsOf) && (c.EndsAt is null || c.EndsAt >= scan.AsOf))
                .Select(c => c.CredentialId.ToString())
                .Order(StringComparer.Ordinal)
                .ToList();
            if (active.Count > scan.Settings.MaximumActiveSecrets)
            {
                yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
                {
                    { "displayName", app.DisplayName },
                    { "appId", app.AppId },
                    { "activeSecrets", active.Count },
                    { "maximumActiveSecrets", scan.Settings.MaximumActiveSecrets },
                    { "credentialIds", active },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

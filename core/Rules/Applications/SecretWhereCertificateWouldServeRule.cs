using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A daemon (no redirect URIs, requesting application permissions) authenticating with a secret: a
/// workload that runs unattended can hold a certificate or use a federated identity credential instead.
/// </summary>
public sealed class SecretWhereCertificateWouldServeRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-secret-where-certificate-would-serve",
        "Daemon app signs in with a secret where a certificate would serve",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials", "keyCredentials", "requiredResourceAccess", "web", "spa", "publicClient")],
        ["displayName", "appId", "activeSecrets", "applicationPermissions", "redirectUris"],
        [
            FrameworkReference.Attack("T1552.001"),
            FrameworkReference.Maester("MT.1057").Partially("reports daemon apps (application permissions, no redirect URIs) holding an active secret; Maester's Test-MtAppRegistrationsWithSecrets fails on any app registration with any secret, expired ones included"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var app in inventory.Applications)
        {
            if (app.WebRedirectUris.Length + app.SpaRedirectUris.Length + app.PublicClientRedirectUris.Length > 0)
            {
                continue;
            }

            var credentials = inventory.CredentialsOf(app.ObjectId).Where(c => c.OwnerKind == CredentialOwnerKind.Application && (c.EndsAt is null || c.EndsAt >= scan.AsOf)).ToList();
            var secrets = credentials.Count(c => c.Kind == CredentialKind.Password);
            var permissions = RequestedApplicationPermissions(app.RequiredResourceAccess);
            if (secrets > 0 && permissions > 0 && credentials.All(c => c.Kind == CredentialKind.Password))
            {
                yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
                {
                    { "displayName", app.DisplayName },
                    { "appId", app.AppId },
                    { "activeSecrets", secrets },
                    { "applicationPermissions", permissions },
                    { "redirectUris", 0 },
                });
            }
        }
    }

    /// <summary>Application permissions (type "Role") the app requests on any API: a daemon's way to act without a user.</summary>
    private static int RequestedApplicationPermissions(string requiredResourceAccess)
    {
        using var document = System.Text.Json.JsonDocument.Parse(requiredResourceAccess);
        return document.RootElement.EnumerateArray()
            .SelectMany(resource => resource.TryGetProperty("access", out var access) ? access.EnumerateArray() : Enumerable.Empty<System.Text.Json.JsonElement>())
            .Count(a => a.TryGetProperty("type", out var type) && type.GetString() == "Role");
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

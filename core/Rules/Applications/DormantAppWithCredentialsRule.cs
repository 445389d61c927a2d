using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// An app registration nobody has signed in with for the unused threshold (90 days by default; the same test as
/// <see cref="UnusedApplicationRule"/>) that still holds a credential valid at the scan: a client secret, or a
/// certificate that proves the app's identity (usage <c>Verify</c>), on the registration or on its service principal.
/// Nobody watches such an app, yet whoever holds the credential can still get tokens for it with all its permissions —
/// a quiet way back in. Medium; <c>app-unused</c> on the same app is folded into this finding (RuleOverlaps).
/// Not counted: the SAML signing set Entra keeps on a service principal (it signs tokens for the app, it is not a
/// credential to sign in as the app), encryption keys, and federated credentials (no secret to steal; their own rule
/// judges the privileged ones).
/// </summary>
public sealed class DormantAppWithCredentialsRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-dormant-with-credentials",
        "Unused app registration still holds valid credentials",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [
            .. RuleInputs.Collection("applications", "createdDateTime", "passwordCredentials", "keyCredentials"),
            .. RuleInputs.Collection("servicePrincipals", "passwordCredentials", "keyCredentials"),
            UnusedApps.RequiredActivity,
        ],
        ["displayName", "appId", "createdAt", "lastSignInAt", "daysSinceLastSignIn", "unusedAfterDays", "credentialKinds", "credentialIds", "validCredentials", "latestEndsAt"],
        [
            FrameworkReference.Entra(EntraRecommendation.RemoveUnusedApplications),
            FrameworkReference.Attack("T1078.004"),
            FrameworkReference.Attack("T1098.001"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var (app, created, last) in UnusedApps.Of(inventory, scan))
        {
            var valid = ValidCredentials(inventory, app, scan.AsOf).ToList();
            if (valid.Count == 0)
            {
                continue;
            }

            yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
            {
                { "displayName", app.DisplayName },
                { "appId", app.AppId },
                { "createdAt", created },
                { "lastSignInAt", last },
                { "daysSinceLastSignIn", last is { } at ? (long)(scan.AsOf - at).TotalDays : null },
                { "unusedAfterDays", scan.Settings.UnusedAppDays },
                { "credentialKinds", valid.Select(Describe).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) },
                { "credentialIds", valid.Select(c => c.CredentialId.ToString()) },
                { "validCredentials", valid.Count },
                { "latestEndsAt", valid.Any(c => c.EndsAt is null) ? null : valid.Max(c => c.EndsAt) },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;

    /// <summary>Secrets and identity certificates of the app and of its service principal that have not ended, sorted by id.</summary>
    private static IEnumerable<CredentialRecord> ValidCredentials(TenantInventory inventory, ApplicationRecord app, DateTimeOffset asOf)
    {
        var owners = inventory.ServicePrincipalOfApp(app.AppId) is { } sp ? new[] { app.ObjectId, sp.ObjectId } : [app.ObjectId];
        return owners.SelectMany(inventory.CredentialsOf)
            .Where(c => (c.EndsAt is null || c.EndsAt >= asOf) && c.Purpose != CredentialPurpose.SamlTokenSigning)
            .Where(c => c.Kind == CredentialKind.Password || (c.Kind == CredentialKind.Certificate && c.Usage is null or "Verify"))
            .OrderBy(c => c.CredentialId)
            .ThenBy(c => c.Kind);
    }

    private static string Describe(CredentialRecord c) => (c.OwnerKind, c.Kind) switch
    {
        (CredentialOwnerKind.Application, CredentialKind.Password) => "client secret",
        (CredentialOwnerKind.Application, _) => "certificate",
        (_, CredentialKind.Password) => "client secret on the service principal",
        _ => "certificate on the service principal",
    };
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>The client secrets (password credentials) of app registrations, as the secret rules read them.</summary>
internal static class ApplicationSecrets
{
    public static readonly string[] EvidenceFields = ["displayName", "appId", "credentialId", "credentialName", "startsAt", "endsAt", "daysUntilExpiry", "matchingSecrets"];

    /// <summary>
    /// One finding per app (a finding names an object once): the secret that ends first stands for the
    /// app, and <c>matchingSecrets</c> says how many of its secrets matched.
    /// </summary>
    public static IEnumerable<RuleHit> PerApp(IEnumerable<(ApplicationRecord App, CredentialRecord Secret)> matches, DateTimeOffset asOf)
        => matches
            .GroupBy(m => m.App.ObjectId)
            .Select(g =>
            {
                var first = g.OrderBy(m => m.Secret.EndsAt ?? DateTimeOffset.MaxValue).ThenBy(m => m.Secret.CredentialId).First();
                return Hit(first.App, first.Secret, asOf, g.Count());
            });

    public static IEnumerable<(ApplicationRecord App, CredentialRecord Secret)> All(TenantInventory inventory)
        => inventory.Applications.SelectMany(app => inventory.CredentialsOf(app.ObjectId)
            .Where(c => c is { OwnerKind: CredentialOwnerKind.Application, Kind: CredentialKind.Password })
            .Select(secret => (app, secret)));

    public static int DaysUntil(DateTimeOffset? end, DateTimeOffset asOf)
        => end is { } e ? (int)Math.Floor((e - asOf).TotalDays) : int.MaxValue;

    public static RuleHit Hit(ApplicationRecord app, CredentialRecord secret, DateTimeOffset asOf, int matchingSecrets)
        => new(app.ObjectId.ToString(), app.DisplayName, new Evidence
        {
            { "displayName", app.DisplayName },
            { "appId", app.AppId },
            { "credentialId", secret.CredentialId },
            { "credentialName", secret.DisplayName ?? "" },
            { "startsAt", secret.StartsAt },
            { "endsAt", secret.EndsAt },
            { "daysUntilExpiry", secret.EndsAt is null ? null : DaysUntil(secret.EndsAt, asOf) },
            { "matchingSecrets", matchingSecrets },
        });
}

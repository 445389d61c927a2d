using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>The client secrets (password credentials) of app registrations, as the secret rules read them.</summary>
internal static class ApplicationSecrets
{
    public static readonly string[] EvidenceFields = ["displayName", "appId", "credentialId", "credentialName", "startsAt", "endsAt", "daysUntilExpiry"];

    public static IEnumerable<(ApplicationRecord App, CredentialRecord Secret)> All(TenantInventory inventory)
        => inventory.Applications.SelectMany(app => inventory.CredentialsOf(app.ObjectId)
            .Where(c => c is { OwnerKind: CredentialOwnerKind.Application, Kind: CredentialKind.Password })
            .Select(secret => (app, secret)));

    public static int DaysUntil(DateTimeOffset? end, DateTimeOffset asOf)
        => end is { } e ? (int)Math.Floor((e - asOf).TotalDays) : int.MaxValue;

    public static RuleHit Hit(ApplicationRecord app, CredentialRecord secret, DateTimeOffset asOf, params ScoreSignal[] signals)
        => new(app.ObjectId.ToString(), app.DisplayName, new Evidence
        {
            { "displayName", app.DisplayName },
            { "appId", app.AppId },
            { "credentialId", secret.CredentialId },
            { "credentialName", secret.DisplayName ?? "" },
            { "startsAt", secret.StartsAt },
            { "endsAt", secret.EndsAt },
            { "daysUntilExpiry", secret.EndsAt is null ? null : DaysUntil(secret.EndsAt, asOf) },
        }, signals);
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

internal static class SecretExpiry
{
    /// <summary>
    /// Secrets ending between <paramref name="fromDays"/> and <paramref name="toDays"/> days after the scan
    /// on apps with no credential valid beyond that end: an app that already rotated is not at risk.
    /// </summary>
    public static IEnumerable<(ApplicationRecord App, CredentialRecord Secret)> Expiring(TenantInventory inventory, ScanFacts scan, int fromDays, int toDays)
        => ApplicationSecrets.All(inventory).Where(s =>
        {
            var days = ApplicationSecrets.DaysUntil(s.Secret.EndsAt, scan.AsOf);
            if (s.Secret.EndsAt is not { } end || end < scan.AsOf || days < fromDays || days > toDays)
            {
                return false;
            }

            return !inventory.CredentialsOf(s.App.ObjectId).Any(other => other.CredentialId != s.Secret.CredentialId && other.Kind != CredentialKind.Federated && other.EndsAt > end);
        });
}

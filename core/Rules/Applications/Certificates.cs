using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// Certificates (<c>keyCredentials</c>) on app registrations and service principals, as the certificate rules read them
/// (issue 19: credential hygiene covers certificates as well as secrets). One finding per object: the certificate that
/// ends first (or, for lifetime, lives longest) stands for it, and <c>matchingCertificates</c> says how many matched.
/// Microsoft first-party service principals are left to the first-party and hybrid rules, which name every credential
/// on them; the Exchange, SharePoint and Skype hybrid auth certificate is one such documented setup.
/// </summary>
internal static class Certificates
{
    public static readonly string[] EvidenceFields =
        ["displayName", "appId", "credentialId", "credentialName", "usage", "samlSigning", "startsAt", "endsAt", "daysUntilExpiry", "lifetimeDays", "matchingCertificates"];

    /// <summary>The certificates of app registrations (the app's own <c>keyCredentials</c>).</summary>
    public static IEnumerable<(Guid ObjectId, string DisplayName, Guid AppId, CredentialRecord Certificate)> OfApplications(TenantInventory inventory)
        => inventory.Applications.SelectMany(app => inventory.CredentialsOf(app.ObjectId)
            .Where(c => c is { OwnerKind: CredentialOwnerKind.Application, Kind: CredentialKind.Certificate })
            .Select(c => (app.ObjectId, app.DisplayName, app.AppId, c)));

    /// <summary>The certificates on service principal objects (SAML signing keys among them), first-party service principals left out.</summary>
    public static IEnumerable<(Guid ObjectId, string DisplayName, Guid AppId, CredentialRecord Certificate)> OfServicePrincipals(TenantInventory inventory)
        => inventory.ServicePrincipals.Where(sp => !HybridAuthCertificates.IsFirstParty(sp)).SelectMany(sp => inventory.CredentialsOf(sp.ObjectId)
            .Where(c => c is { OwnerKind: CredentialOwnerKind.ServicePrincipal, Kind: CredentialKind.Certificate })
            .Select(c => (sp.ObjectId, sp.DisplayName, sp.AppId, c)));

    public static int ServicePrincipalsJudged(TenantInventory inventory) => inventory.ServicePrincipals.Count(sp => !HybridAuthCertificates.IsFirstParty(sp));

    /// <summary>Past its end date, still stored on the object.</summary>
    public static bool Expired(CredentialRecord certificate, DateTimeOffset asOf) => certificate.EndsAt is { } end && end < asOf;

    /// <summary>
    /// Ends within <paramref name="days"/> of the scan and nothing on the object outlives it (another certificate or a
    /// secret ending later means the owner already rotated; a SAML signing set's own password ends with its keys).
    /// </summary>
    public static bool ExpiresWithoutSuccessor(TenantInventory inventory, Guid ownerObjectId, CredentialRecord certificate, DateTimeOffset asOf, int days)
        => certificate.EndsAt is { } end && end >= asOf && (end - asOf).TotalDays <= days
            && !inventory.CredentialsOf(ownerObjectId).Any(other => other.CredentialId != certificate.CredentialId && other.Kind != CredentialKind.Federated && other.EndsAt > end);

    /// <summary>
    /// Valid for more than one calendar year (plus a day of tolerance: certificate authorities backdate the start by hours,
    /// and a one-year certificate spanning 29 February lasts 366 days). Still valid at the scan: an expired one is the expired rule's.
    /// </summary>
    public static bool LongerThanOneYear(CredentialRecord certificate, DateTimeOffset asOf)
        => certificate is { StartsAt: { } start, EndsAt: { } end } && end >= asOf && end > start.AddYears(1).AddDays(1);

    /// <summary>One finding per object whose certificate ends within the warning window with nothing to replace it; <c>warningDays</c> names the window.</summary>
    public static IEnumerable<RuleHit> ExpiringPerObject(
        IEnumerable<(Guid ObjectId, string DisplayName, Guid AppId, CredentialRecord Certificate)> certificates, TenantInventory inventory, ScanFacts scan)
        => PerObject(certificates.Where(m => ExpiresWithoutSuccessor(inventory, m.ObjectId, m.Certificate, scan.AsOf, scan.Settings.SecretExpiryWarningDays)), scan.AsOf)
            .Select(hit =>
            {
                hit.Evidence.Add("warningDays", scan.Settings.SecretExpiryWarningDays);
                return hit;
            });

    public static IEnumerable<RuleHit> PerObject(
        IEnumerable<(Guid ObjectId, string DisplayName, Guid AppId, CredentialRecord Certificate)> matches, DateTimeOffset asOf, bool longestFirst = false)
        => matches
            .GroupBy(m => m.ObjectId)
            .Select(g =>
            {
                var ordered = longestFirst
                    ? g.OrderByDescending(m => Lifetime(m.Certificate) ?? TimeSpan.Zero)
                    : g.OrderBy(m => m.Certificate.EndsAt ?? DateTimeOffset.MaxValue);
                var first = ordered.ThenBy(m => m.Certificate.CredentialId).First();
                var c = first.Certificate;
                return new RuleHit(first.ObjectId.ToString(), first.DisplayName, new Evidence
                {
                    { "displayName", first.DisplayName },
                    { "appId", first.AppId },
                    { "credentialId", c.CredentialId },
                    { "credentialName", c.DisplayName ?? "" },
                    { "usage", c.Usage ?? "" },
                    { "samlSigning", c.Purpose == CredentialPurpose.SamlTokenSigning },
                    { "startsAt", c.StartsAt },
                    { "endsAt", c.EndsAt },
                    { "daysUntilExpiry", c.EndsAt is { } end ? ApplicationSecrets.DaysUntil(end, asOf) : null },
                    { "lifetimeDays", Lifetime(c) is { } lifetime ? (long)Math.Floor(lifetime.TotalDays) : null },
                    { "matchingCertificates", g.Count() },
                });
            });

    private static TimeSpan? Lifetime(CredentialRecord c) => c is { StartsAt: { } start, EndsAt: { } end } ? end - start : null;
}

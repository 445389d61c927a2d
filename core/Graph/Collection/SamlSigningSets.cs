using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Recognises the credentials a SAML token-signing certificate puts on a service principal, so that its password
/// is not taken for a client secret someone added. Microsoft's servicePrincipal-addtokensigningcertificate.md (v1.0):
/// the certificate is "a private key object with usage set to Sign", "a public key object with usage set to Verify"
/// and a passwordCredential; "all the objects have the same value of customKeyIdentifier"; the password "is used to
/// open the PFX file (private key). It and the associated private key object have the same value of keyId."
/// The <c>customKeyIdentifier</c> is compared here and never stored: the records keep only the outcome
/// (<see cref="CredentialPurpose.SamlTokenSigning"/>) and the key's usage.
/// </summary>
internal static class SamlSigningSets
{
    public const string Sign = "Sign";
    public const string Verify = "Verify";

    /// <summary>Graph's <c>usage</c>, with the two documented values in one spelling; other values as given, if short.</summary>
    public static string? Usage(KeyCredential key) => key.Usage switch
    {
        { } usage when usage.Equals(Sign, StringComparison.OrdinalIgnoreCase) => Sign,
        { } usage when usage.Equals(Verify, StringComparison.OrdinalIgnoreCase) => Verify,
        { Length: > 0 and <= 32 } usage => usage,
        _ => null,
    };

    /// <summary>
    /// The (kind, keyId) of every credential in a complete signing set: a <c>Sign</c> key with a password of the same
    /// <c>keyId</c> and the same <c>customKeyIdentifier</c>, and each <c>Verify</c> key that shares that identifier.
    /// A password with no such private key is not part of a set, whatever its name or dates.
    /// </summary>
    public static IReadOnlySet<(CredentialKind Kind, Guid KeyId)> Find(IReadOnlyList<PasswordCredential> passwords, IReadOnlyList<KeyCredential> keys)
    {
        var found = new HashSet<(CredentialKind, Guid)>();
        foreach (var signing in keys.Where(k => k.KeyId is not null && Usage(k) == Sign))
        {
            var keyId = signing.KeyId!.Value;
            if (!passwords.Any(p => p.KeyId == keyId && SameIdentifier(p.CustomKeyIdentifier, signing.CustomKeyIdentifier)))
            {
                continue;
            }

            found.Add((CredentialKind.Password, keyId));
            found.Add((CredentialKind.Certificate, keyId));
            if (signing.CustomKeyIdentifier is { Length: > 0 } identifier)
            {
                foreach (var verify in keys.Where(k => k.KeyId is not null && Usage(k) == Verify && SameIdentifier(k.CustomKeyIdentifier, identifier)))
                {
                    found.Add((CredentialKind.Certificate, verify.KeyId!.Value));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// After a delta item that carried only passwords or only keys: one half of the set is fresh, the other stored
    /// without its <c>customKeyIdentifier</c>, so the password and the <c>Sign</c> key are linked by <c>keyId</c> alone
    /// (the relation Microsoft documents between those two). <c>Verify</c> keys keep what their own read found.
    /// </summary>
    public static IEnumerable<CredentialRecord> Relink(IReadOnlyList<CredentialRecord> credentials)
    {
        var signing = credentials.Where(c => c.Kind == CredentialKind.Certificate && c.Usage == Sign).Select(c => c.CredentialId).ToHashSet();
        var passwords = credentials.Where(c => c.Kind == CredentialKind.Password).Select(c => c.CredentialId).ToHashSet();
        foreach (var credential in credentials)
        {
            var purpose = credential switch
            {
                { Kind: CredentialKind.Password } => signing.Contains(credential.CredentialId) ? CredentialPurpose.SamlTokenSigning : CredentialPurpose.Unrecognised,
                { Kind: CredentialKind.Certificate, Usage: Sign } => passwords.Contains(credential.CredentialId) ? CredentialPurpose.SamlTokenSigning : CredentialPurpose.Unrecognised,
                _ => credential.Purpose,
            };
            yield return purpose == credential.Purpose ? credential : WithPurpose(credential, purpose);
        }
    }

    private static bool SameIdentifier(byte[]? one, byte[]? other)
        => one is not { Length: > 0 } ? other is not { Length: > 0 } : other is { Length: > 0 } && one.AsSpan().SequenceEqual(other);

    private static CredentialRecord WithPurpose(CredentialRecord credential, CredentialPurpose purpose) => new()
    {
        TenantId = credential.TenantId,
        ScanId = credential.ScanId,
        OwnerObjectId = credential.OwnerObjectId,
        CredentialId = credential.CredentialId,
        OwnerKind = credential.OwnerKind,
        Kind = credential.Kind,
        DisplayName = credential.DisplayName,
        StartsAt = credential.StartsAt,
        EndsAt = credential.EndsAt,
        FederatedIssuer = credential.FederatedIssuer,
        FederatedSubject = credential.FederatedSubject,
        Usage = credential.Usage,
        Purpose = purpose,
    };
}

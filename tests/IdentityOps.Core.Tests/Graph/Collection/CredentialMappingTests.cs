using System.Text;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;
using Xunit;

namespace IdentityOps.Core.Tests.Graph.Collection;

/// <summary>
/// The credential mapping keeps a key's usage and recognises the SAML signing set the way Microsoft's
/// servicePrincipal-addtokensigningcertificate.md describes it (Sign and Verify keys and a password sharing one
/// customKeyIdentifier; the password shares the Sign key's keyId), without storing the identifier.
/// </summary>
public sealed class CredentialMappingTests
{
    private static readonly Guid Tenant = new("11111111-1111-1111-1111-111111111111");
    private static readonly Guid Scan = new("22222222-2222-2222-2222-222222222222");
    private static readonly Guid Owner = new("33333333-3333-3333-3333-333333333333");
    private static readonly Guid PrivateKeyId = new("00000000-0000-0000-0000-000000000001");
    private static readonly Guid PublicKeyId = new("00000000-0000-0000-0000-000000000002");
    private static readonly Guid OtherId = new("00000000-0000-0000-0000-000000000003");
    private static readonly byte[] Thumbprint = Encoding.ASCII.GetBytes("THUMBPRINT-OF-SAML-01");
    private static readonly byte[] OtherThumbprint = Encoding.ASCII.GetBytes("THUMBPRINT-OF-OTHER-2");

    [Fact]
    public void A_SAML_signing_set_is_recognised_whole_and_keeps_both_records_that_share_a_keyId()
    {
        var records = Map([Password(PrivateKeyId, Thumbprint)], [Key(PrivateKeyId, "Sign", Thumbprint), Key(PublicKeyId, "Verify", Thumbprint)]);

        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(CredentialPurpose.SamlTokenSigning, r.Purpose));
        Assert.Equal([(CredentialKind.Certificate, "Sign"), (CredentialKind.Password, null)], records.Where(r => r.CredentialId == PrivateKeyId).Select(r => (r.Kind, r.Usage)).OrderBy(k => k.Kind != CredentialKind.Certificate));
        Assert.Equal("Verify", records.Single(r => r.CredentialId == PublicKeyId).Usage);
    }

    [Fact]
    public void A_password_without_its_signing_key_is_not_part_of_a_set()
    {
        // Same keyId but another identifier; same identifier but the key only verifies; and no key at all.
        Assert.All(Map([Password(PrivateKeyId, OtherThumbprint)], [Key(PrivateKeyId, "Sign", Thumbprint)]), r => Assert.Equal(CredentialPurpose.Unrecognised, r.Purpose));
        Assert.All(Map([Password(PrivateKeyId, Thumbprint)], [Key(PrivateKeyId, "Verify", Thumbprint)]), r => Assert.Equal(CredentialPurpose.Unrecognised, r.Purpose));
        Assert.Equal(CredentialPurpose.Unrecognised, Assert.Single(Map([Password(PrivateKeyId, Thumbprint)], [])).Purpose);

        // A second, unrelated secret next to a complete set stays unrecognised, and so does an unrelated Verify key.
        var records = Map(
            [Password(PrivateKeyId, Thumbprint), Password(OtherId, null)],
            [Key(PrivateKeyId, "Sign", Thumbprint), Key(PublicKeyId, "Verify", OtherThumbprint)]);
        Assert.Equal(CredentialPurpose.Unrecognised, records.Single(r => r.CredentialId == OtherId).Purpose);
        Assert.Equal(CredentialPurpose.Unrecognised, records.Single(r => r.CredentialId == PublicKeyId).Purpose);
        Assert.Equal(CredentialPurpose.SamlTokenSigning, records.Single(r => r is { CredentialId: var id, Kind: CredentialKind.Password } && id == PrivateKeyId).Purpose);
    }

    [Fact]
    public void Usage_is_kept_in_Graphs_spelling_and_never_for_a_password()
    {
        var records = Map([Password(OtherId, null)], [Key(PrivateKeyId, "verify", null), Key(PublicKeyId, null, null)]);

        Assert.Equal("Verify", records.Single(r => r.CredentialId == PrivateKeyId).Usage);
        Assert.Null(records.Single(r => r.CredentialId == PublicKeyId).Usage);
        Assert.Null(records.Single(r => r.CredentialId == OtherId).Usage);
    }

    [Fact]
    public void A_delta_item_carrying_only_the_password_is_linked_to_the_stored_signing_key_by_keyId()
    {
        var stored = Map([Password(PrivateKeyId, Thumbprint)], [Key(PrivateKeyId, "Sign", Thumbprint), Key(PublicKeyId, "Verify", Thumbprint)]);
        var item = new ServicePrincipal { PasswordCredentials = [Password(PrivateKeyId, Thumbprint), Password(OtherId, null)] };

        var merged = GraphMapping.MergeCredentials(stored, item, item.PasswordCredentials, item.KeyCredentials, CredentialOwnerKind.ServicePrincipal, Tenant, Scan, Owner).ToList();

        Assert.Equal(4, merged.Count);
        Assert.Equal(CredentialPurpose.SamlTokenSigning, merged.Single(r => r.Kind == CredentialKind.Password && r.CredentialId == PrivateKeyId).Purpose);
        Assert.Equal(CredentialPurpose.Unrecognised, merged.Single(r => r.CredentialId == OtherId).Purpose);
    }

    [Fact]
    public void A_delta_item_that_drops_the_signing_keys_leaves_the_stored_password_unrecognised()
    {
        var stored = Map([Password(PrivateKeyId, Thumbprint)], [Key(PrivateKeyId, "Sign", Thumbprint), Key(PublicKeyId, "Verify", Thumbprint)]);
        var item = new ServicePrincipal { KeyCredentials = [] };

        var merged = GraphMapping.MergeCredentials(stored, item, item.PasswordCredentials, item.KeyCredentials, CredentialOwnerKind.ServicePrincipal, Tenant, Scan, Owner).ToList();

        Assert.Equal(CredentialPurpose.Unrecognised, Assert.Single(merged).Purpose);
    }

    private static List<CredentialRecord> Map(List<PasswordCredential> passwords, List<KeyCredential> keys)
        => GraphMapping.Credentials(passwords, keys, CredentialOwnerKind.ServicePrincipal, Tenant, Scan, Owner).ToList();

    private static PasswordCredential Password(Guid keyId, byte[]? identifier) => new()
    {
        KeyId = keyId, CustomKeyIdentifier = identifier, DisplayName = "CN=Microsoft Azure Federated SSO Certificate",
        StartDateTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), EndDateTime = new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static KeyCredential Key(Guid keyId, string? usage, byte[]? identifier) => new()
    {
        KeyId = keyId, Usage = usage, CustomKeyIdentifier = identifier, Type = usage == "Sign" ? "X509CertAndPassword" : "AsymmetricX509Cert",
        DisplayName = "CN=Microsoft Azure Federated SSO Certificate",
        StartDateTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), EndDateTime = new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };
}

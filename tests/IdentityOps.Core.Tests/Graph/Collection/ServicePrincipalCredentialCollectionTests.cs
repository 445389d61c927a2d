using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace IdentityOps.Core.Tests.Graph.Collection;

/// <summary>
/// Through the real pipeline (SDK → emulator → collector → PostgreSQL): a SAML signing certificate's three credentials
/// all reach the database — the password and the private key share a keyId, so the kind is part of the row's key —
/// marked as the signing set, with the keys' usage; the Exchange hybrid certificate keeps its usage Verify.
/// </summary>
public sealed class ServicePrincipalCredentialCollectionTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task A_SAML_signing_set_and_a_hybrid_certificate_are_stored_with_usage_and_purpose()
    {
        var synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(synthetic.Files)) { TenantId = synthetic.TenantId };
        var result = await harness.ScanAsync(synthetic.Spec.AsOf);
        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);

        await using var db = database.CreateApplicationContext(synthetic.TenantId);
        var (saml, exchange) = await db.InTenantTransactionAsync(
            async ct => (
                await db.Credentials.Where(c => c.ScanId == result.ScanId && c.OwnerObjectId == synthetic.CleanSamples.ServicePrincipalId).ToListAsync(ct),
                await db.Credentials.Where(c => c.ScanId == result.ScanId && db.ServicePrincipals.Any(sp => sp.ScanId == result.ScanId && sp.ObjectId == c.OwnerObjectId && sp.DisplayName == "Office 365 Exchange Online")).ToListAsync(ct)),
            CancellationToken.None);

        Assert.Equal(
            [(CredentialKind.Password, (string?)null), (CredentialKind.Certificate, "Sign"), (CredentialKind.Certificate, "Verify")],
            saml.Select(c => (c.Kind, c.Usage)).OrderBy(c => c.Kind).ThenBy(c => c.Usage, StringComparer.Ordinal));
        Assert.All(saml, c => Assert.Equal(CredentialPurpose.SamlTokenSigning, c.Purpose));
        Assert.Equal(saml.Single(c => c.Kind == CredentialKind.Password).CredentialId, saml.Single(c => c.Usage == "Sign").CredentialId);

        var hybrid = Assert.Single(exchange, c => c.Kind == CredentialKind.Certificate);
        Assert.Equal(("Verify", CredentialPurpose.Unrecognised), (hybrid.Usage, hybrid.Purpose));
        Assert.Equal(CredentialPurpose.Unrecognised, Assert.Single(exchange, c => c.Kind == CredentialKind.Password).Purpose);
    }
}

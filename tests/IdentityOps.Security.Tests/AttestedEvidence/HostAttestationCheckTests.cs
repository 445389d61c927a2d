using System.Security.Cryptography;
using IdentityOps.Core.Persistence.Trust;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Attestation;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.AttestedEvidence;

/// <summary>
/// A claim only the Functions worker holds is shown from that host's signed attestation, stored in
/// PostgreSQL: missing, stale, forged or altered is failing (never "not met"); fresh and signed is what it says.
/// </summary>
[Trait("Claim", TrustClaimIds.TokensEncrypted)]
[Trait("Claim", TrustClaimIds.KeysApart)]
[Trait("Claim", TrustClaimIds.NoTenantIdInput)]
public sealed class HostAttestationCheckTests(TenantDatabase database) : IClassFixture<TenantDatabase>, IAsyncLifetime
{
    private static readonly HostAttestationOptions Settings = new();

    private readonly AttestationKeyDirectory keys = new(Directory.CreateTempSubdirectory("attestation-keys-").FullName);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private NpgsqlDataSource application = null!;

    public async Task InitializeAsync()
    {
        application = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);

        // Each test starts with no attestation at all (the table's trigger keeps young rows from the app role).
        await using var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        await SchemaCatalog.ExecuteAsync(superuser, "SET session_replication_role = replica; DELETE FROM host_attestations; SET session_replication_role = origin");
    }

    public async Task DisposeAsync()
    {
        await application.DisposeAsync();
        Directory.Delete(keys.Directory, recursive: true);
    }

    [Theory]
    [InlineData(TrustClaimIds.TokensEncrypted)]
    [InlineData(TrustClaimIds.KeysApart)]
    [InlineData(TrustClaimIds.NoTenantIdInput)]
    public async Task Without_an_attestation_from_the_functions_host_its_claims_are_failing_not_not_met(string claimId)
    {
        var result = await CheckAsync(claimId);

        Assert.Equal(TrustStatus.Failing, result.Status);
        Assert.Contains("no attestation from the functions host", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_attestation_signed_by_the_functions_host_is_met_with_its_age()
    {
        await AppendAsync(Attest(keys.LoadOrCreateSigner(AttestingHosts.Functions), TrustStatus.Met));
        clock.Advance(TimeSpan.FromMinutes(20));

        var result = await CheckAsync(TrustClaimIds.TokensEncrypted);

        Assert.Equal(TrustStatus.Met, result.Status);
        Assert.EndsWith("(attested by the functions host 20 min ago)", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attestation_older_than_the_max_age_is_failing()
    {
        await AppendAsync(Attest(keys.LoadOrCreateSigner(AttestingHosts.Functions), TrustStatus.Met));
        clock.Advance(Settings.MaxAge + TimeSpan.FromMinutes(1));

        var result = await CheckAsync(TrustClaimIds.TokensEncrypted);

        Assert.Equal(TrustStatus.Failing, result.Status);
        Assert.Contains("older than the 3 h allowed", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attestation_signed_with_any_other_key_is_failing_even_when_it_names_the_hosts_key()
    {
        var genuine = keys.LoadOrCreateSigner(AttestingHosts.Functions);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claims = new List<AttestedClaim> { new(TrustClaimIds.TokensEncrypted, TrustStatus.Met, "forged") };
        var at = HostAttestation.ToStoredPrecision(clock.GetUtcNow());
        await AppendAsync(new HostAttestation(AttestingHosts.Functions, at, claims, genuine.KeyId, forger.SignData(HostAttestation.Canonical(AttestingHosts.Functions, at, claims), HashAlgorithmName.SHA256)));

        var result = await CheckAsync(TrustClaimIds.TokensEncrypted);

        Assert.Equal(TrustStatus.Failing, result.Status);
        Assert.Contains("does not verify", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attestation_altered_in_the_database_is_failing()
    {
        await AppendAsync(Attest(keys.LoadOrCreateSigner(AttestingHosts.Functions), TrustStatus.Failing));
        await using (var superuser = await TenantDatabase.OpenAsync(database.SuperuserConnectionString))
        {
            await SchemaCatalog.ExecuteAsync(superuser, """
                SET session_replication_role = replica;
                UPDATE host_attestations SET claims = replace(claims::text, '"Failing"', '"Met"')::jsonb;
                SET session_replication_role = origin;
                """);
        }

        var result = await CheckAsync(TrustClaimIds.TokensEncrypted);

        Assert.Equal(TrustStatus.Failing, result.Status);
        Assert.Contains("does not verify", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_application_role_can_neither_alter_nor_delete_a_recent_attestation()
    {
        await AppendAsync(Attest(keys.LoadOrCreateSigner(AttestingHosts.Functions), TrustStatus.Failing));
        await using var connection = await application.OpenConnectionAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection, "UPDATE host_attestations SET signed_by = 'x'"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection, "DELETE FROM host_attestations"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, delete.SqlState);
    }

    private HostAttestation Attest(EcdsaAttestationSigner signer, TrustStatus status)
    {
        var claims = new List<AttestedClaim>
        {
            new(TrustClaimIds.TokensEncrypted, status, "Data Protection algorithm AES_256_GCM"),
            new(TrustClaimIds.KeysApart, status, "key ring apart"),
            new(TrustClaimIds.NoTenantIdInput, status, "no tenant input"),
        };
        var at = HostAttestation.ToStoredPrecision(clock.GetUtcNow());
        return new HostAttestation(AttestingHosts.Functions, at, claims, signer.KeyId, signer.Sign(HostAttestation.Canonical(AttestingHosts.Functions, at, claims)));
    }

    private Task AppendAsync(HostAttestation attestation) => new HostAttestationStore(application).AppendAsync(attestation, CancellationToken.None);

    private Task<TrustCheckResult> CheckAsync(string claimId)
        => new HostAttestationCheck(claimId, new LatestHostAttestations(new HostAttestationStore(application)), keys, Options.Create(Settings), clock)
            .EvaluateAsync(CancellationToken.None);
}

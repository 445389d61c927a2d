using System.Text.Json;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Attestation;
using Npgsql;
using NpgsqlTypes;

namespace IdentityOps.Core.Persistence.Trust;

/// <summary>
/// <c>host_attestations</c> on the application's connection: no tenant's data (no <c>tenant_id</c>, no
/// row-level security), append-only but for rows older than <see cref="Retention"/>, which each append prunes.
/// </summary>
public sealed class HostAttestationStore(NpgsqlDataSource dataSource) : IHostAttestationStore
{
    /// <summary>Matches the table's trigger (migration I18G_HostAttestations): younger rows cannot be deleted by anyone.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public async Task AppendAsync(HostAttestation attestation, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO host_attestations (host, attested_at, claims, signed_by, signature) VALUES (@host, @at, @claims, @signed_by, @signature) ON CONFLICT DO NOTHING",
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("host", attestation.Host);
            insert.Parameters.AddWithValue("at", attestation.AttestedAt);
            insert.Parameters.AddWithValue("claims", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(attestation.Claims.Select(c => new StoredClaim(c.ClaimId, c.Status.ToString(), c.Evidence))));
            insert.Parameters.AddWithValue("signed_by", attestation.SignedBy);
            insert.Parameters.AddWithValue("signature", attestation.Signature);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var prune = new NpgsqlCommand("DELETE FROM host_attestations WHERE attested_at < now() - @retention", connection, transaction))
        {
            prune.Parameters.AddWithValue("retention", Retention);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<HostAttestation>> LatestPerHostAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT ON (host) host, attested_at, claims::text, signed_by, signature FROM host_attestations ORDER BY host, attested_at DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attestations = new List<HostAttestation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var claims = JsonSerializer.Deserialize<List<StoredClaim>>(reader.GetString(2)) ?? [];
            attestations.Add(new HostAttestation(
                reader.GetString(0),
                reader.GetFieldValue<DateTimeOffset>(1),

                // An unknown status cannot be Met; a row altered that way also fails its signature.
                claims.Select(c => new AttestedClaim(c.Claim, Enum.TryParse<TrustStatus>(c.Status, out var status) ? status : TrustStatus.Failing, c.Evidence)).ToList(),
                reader.GetString(3),
                reader.GetFieldValue<byte[]>(4)));
        }

        return attestations;
    }

    private sealed record StoredClaim(string Claim, string Status, string Evidence);
}

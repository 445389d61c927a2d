using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using Npgsql;

namespace IdentityOps.Core.Persistence.Audit;

/// <summary>Anchors and checks the operators' chain, on a job role's connection (the purge's).</summary>
public static class OperatorAuditAnchors
{
    /// <inheritdoc cref="AnchorAsync(NpgsqlConnection, IAuditHeadSigner, IEnumerable{IAuditHeadStore}, DateTimeOffset, CancellationToken)"/>
    public static async Task<OperatorAuditAnchor?> AnchorAsync(PurgeDataSource purge, IAuditHeadSigner signer, IEnumerable<IAuditHeadStore> stores, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        return await AnchorAsync(connection, signer, stores, now, cancellationToken);
    }

    /// <summary>
    /// Anchors the operators' chain head and publishes it to every head store (before the anchor row
    /// commits); null when the chain is empty or its head is already anchored.
    /// </summary>
    public static async Task<OperatorAuditAnchor?> AnchorAsync(NpgsqlConnection connection, IAuditHeadSigner signer, IEnumerable<IAuditHeadStore> stores, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockChain = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@chain, 0))", connection, transaction))
        {
            lockChain.Parameters.AddWithValue("chain", AuditHashing.OperatorChain);
            await lockChain.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence;
        byte[] hash;
        await using (var head = new NpgsqlCommand(
            "SELECT e.sequence, e.hash FROM operator_audit_events e WHERE NOT EXISTS (SELECT 1 FROM operator_audit_anchors a WHERE a.sequence >= e.sequence) ORDER BY e.sequence DESC LIMIT 1",
            connection,
            transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (sequence, hash) = (reader.GetInt64(0), (byte[])reader[1]);
        }

        var signed = await SignedAuditHead.SignAsync(signer, AuditHashing.OperatorChain, sequence, hash, now, cancellationToken);
        foreach (var store in stores)
        {
            await store.PublishAsync(signed, cancellationToken);
        }

        var anchor = new OperatorAuditAnchor
        {
            Sequence = signed.Sequence,
            HeadHash = signed.HeadHash,
            AnchoredAt = signed.AnchoredAt,
            SignedBy = signed.KeyId,
            Signature = signed.Signature,
        };
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO operator_audit_anchors (sequence, head_hash, anchored_at, signed_by, signature) VALUES (@s, @hash, @at, @key, @signature)", connection, transaction))
        {
            insert.Parameters.AddWithValue("s", anchor.Sequence);
            insert.Parameters.AddWithValue("hash", anchor.HeadHash);
            insert.Parameters.AddWithValue("at", anchor.AnchoredAt);
            insert.Parameters.AddWithValue("key", anchor.SignedBy);
            insert.Parameters.AddWithValue("signature", anchor.Signature);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return anchor;
    }

    /// <inheritdoc cref="VerifyAsync(NpgsqlConnection, AuditHeadPublicKey, IEnumerable{IAuditHeadStore}, CancellationToken)"/>
    public static async Task<AnchoredChainReport> VerifyAsync(PurgeDataSource purge, AuditHeadPublicKey key, IEnumerable<IAuditHeadStore> stores, CancellationToken cancellationToken)
    {
        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        return await VerifyAsync(connection, key, stores, cancellationToken);
    }

    /// <summary>Verifies the operators' chain link by link, against its anchor rows and against its latest published head.</summary>
    public static async Task<AnchoredChainReport> VerifyAsync(NpgsqlConnection connection, AuditHeadPublicKey key, IEnumerable<IAuditHeadStore> stores, CancellationToken cancellationToken)
    {
        var links = await OperatorAuditTrail.ReadAsync(connection, cancellationToken);
        var anchors = new List<OperatorAuditAnchor>();
        await using (var command = new NpgsqlCommand("SELECT sequence, head_hash, anchored_at, signed_by, signature FROM operator_audit_anchors", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                anchors.Add(new OperatorAuditAnchor
                {
                    Sequence = reader.GetInt64(0),
                    HeadHash = (byte[])reader[1],
                    AnchoredAt = reader.GetFieldValue<DateTimeOffset>(2),
                    SignedBy = reader.GetString(3),
                    Signature = (byte[])reader[4],
                });
            }
        }

        var published = new List<SignedAuditHead>();
        foreach (var store in stores)
        {
            if (await store.LatestAsync(AuditHashing.OperatorChain, cancellationToken) is { } latest)
            {
                published.Add(latest);
            }
        }

        return AnchoredChainVerifier.Verify(AuditHashing.OperatorChain, links, anchors, key, published);
    }
}

using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using Npgsql;

namespace IdentityOps.Core.Persistence.Audit;

/// <summary>Anchors and checks the operators' chain, on a job role's connection (the purge's).</summary>
public static class OperatorAuditAnchors
{
    /// <inheritdoc cref="AnchorAsync(NpgsqlConnection, AuditAnchorKey, DateTimeOffset, CancellationToken)"/>
    public static async Task<OperatorAuditAnchor?> AnchorAsync(PurgeDataSource purge, AuditAnchorKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        return await AnchorAsync(connection, key, now, cancellationToken);
    }

    /// <summary>Anchors the operators' chain head; null when the chain is empty or its head is already anchored.</summary>
    public static async Task<OperatorAuditAnchor?> AnchorAsync(NpgsqlConnection connection, AuditAnchorKey key, DateTimeOffset now, CancellationToken cancellationToken)
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

        var anchor = new OperatorAuditAnchor
        {
            Sequence = sequence,
            HeadHash = hash,
            AnchoredAt = AuditHashing.ToStoredPrecision(now),
            SignedBy = key.KeyId,
            Signature = key.Sign(AuditHashing.OperatorChain, sequence, hash, now),
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

    /// <inheritdoc cref="VerifyAsync(NpgsqlConnection, AuditAnchorKey, CancellationToken)"/>
    public static async Task<AnchoredChainReport> VerifyAsync(PurgeDataSource purge, AuditAnchorKey key, CancellationToken cancellationToken)
    {
        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        return await VerifyAsync(connection, key, cancellationToken);
    }

    /// <summary>Verifies the operators' chain link by link and against its latest signed head.</summary>
    public static async Task<AnchoredChainReport> VerifyAsync(NpgsqlConnection connection, AuditAnchorKey key, CancellationToken cancellationToken)
    {
        var links = await OperatorAuditTrail.ReadAsync(connection, cancellationToken);
        var anchors = new List<OperatorAuditAnchor>();
        await using var command = new NpgsqlCommand("SELECT sequence, head_hash, anchored_at, signed_by, signature FROM operator_audit_anchors", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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

        return AnchoredChainVerifier.Verify(AuditHashing.OperatorChain, links, anchors, key);
    }
}

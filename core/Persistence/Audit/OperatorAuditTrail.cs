using System.Security.Cryptography;
using IdentityOps.Core.Audit;
using Npgsql;

namespace IdentityOps.Core.Persistence.Audit;

/// <summary>
/// The operators' chain (purges, deletion receipts, operator actions), written by the job roles on
/// their own connection inside the transaction whose work it records.
/// </summary>
public static class OperatorAuditTrail
{
    public static async Task<OperatorAuditEvent> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var lockChain = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@chain, 0))", connection, transaction))
        {
            lockChain.Parameters.AddWithValue("chain", AuditHashing.OperatorChain);
            await lockChain.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence = 1;
        var previous = new byte[SHA256.HashSizeInBytes];
        await using (var head = new NpgsqlCommand("SELECT sequence, hash FROM operator_audit_events ORDER BY sequence DESC LIMIT 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                sequence = reader.GetInt64(0) + 1;
                previous = (byte[])reader[1];
            }
        }

        var occurredAt = AuditHashing.ToStoredPrecision(now);
        var link = new OperatorAuditEvent
        {
            Sequence = sequence,
            OccurredAt = occurredAt,
            Actor = entry.Actor,
            Action = entry.Action,
            Target = entry.Target,
            Outcome = entry.Outcome,
            Source = entry.Source,
            PreviousHash = previous,
            Hash = AuditHashing.ComputeHash(AuditHashing.OperatorChain, sequence, occurredAt, entry, previous),
        };
        await using var insert = new NpgsqlCommand(
            "INSERT INTO operator_audit_events (sequence, occurred_at, actor, action, target, outcome, source, previous_hash, hash) VALUES (@s, @at, @actor, @action, @target, @outcome, @source, @previous, @hash)",
            connection, transaction);
        insert.Parameters.AddWithValue("s", link.Sequence);
        insert.Parameters.AddWithValue("at", link.OccurredAt);
        insert.Parameters.AddWithValue("actor", link.Actor);
        insert.Parameters.AddWithValue("action", link.Action);
        insert.Parameters.AddWithValue("target", link.Target);
        insert.Parameters.AddWithValue("outcome", link.Outcome);
        insert.Parameters.AddWithValue("source", link.Source);
        insert.Parameters.AddWithValue("previous", link.PreviousHash);
        insert.Parameters.AddWithValue("hash", link.Hash);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return link;
    }

    /// <summary>The whole chain in sequence order, read on a purge role connection of its own.</summary>
    public static async Task<IReadOnlyList<OperatorAuditEvent>> ReadAsync(PurgeDataSource purge, CancellationToken cancellationToken)
    {
        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, cancellationToken);
    }

    /// <summary>When the chain last recorded <paramref name="action"/>; null when it never did.</summary>
    public static async Task<DateTimeOffset?> LastOccurredAtAsync(PurgeDataSource purge, string action, CancellationToken cancellationToken)
    {
        await using var command = purge.DataSource.CreateCommand("SELECT max(occurred_at) FROM operator_audit_events WHERE action = @action");
        command.Parameters.AddWithValue("action", action);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    public static async Task<AuditChainReport> VerifyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        => AuditChainVerifier.Verify(AuditHashing.OperatorChain, await ReadAsync(connection, cancellationToken));

    /// <summary>The whole chain in sequence order.</summary>
    public static async Task<IReadOnlyList<OperatorAuditEvent>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var links = new List<OperatorAuditEvent>();
        await using var command = new NpgsqlCommand("SELECT sequence, occurred_at, actor, action, target, outcome, source, previous_hash, hash FROM operator_audit_events ORDER BY sequence", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new OperatorAuditEvent
            {
                Sequence = reader.GetInt64(0),
                OccurredAt = reader.GetFieldValue<DateTimeOffset>(1),
                Actor = reader.GetString(2),
                Action = reader.GetString(3),
                Target = reader.GetString(4),
                Outcome = reader.GetString(5),
                Source = reader.GetString(6),
                PreviousHash = (byte[])reader[7],
                Hash = (byte[])reader[8],
            });
        }

        return links;
    }
}

using IdentityOps.Core.Identity.Sessions;
using Npgsql;

namespace IdentityOps.Core.Persistence.Identity;

/// <summary>
/// <c>server_sessions</c> for the web app's session handler. Every write names its tenant and runs
/// under the tenant setting, as everywhere else. The one read that cannot know the tenant — finding a
/// session from the id a browser presents — names the id's hash instead: the policy
/// <c>session_lookup_by_id_hash</c> then shows exactly that row, so only a holder of the id can read it.
/// </summary>
public sealed class ServerSessionStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "tenant_id, id_hash, user_object_id, created_at, rotate_after, absolute_expires_at, revoked_at, protected_ticket";

    public async Task<ServerSessionRecord?> FindAsync(byte[] idHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TenantSetting.ApplySessionLookupAsync(connection, transaction, idHash, cancellationToken);

        ServerSessionRecord? found = null;
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM server_sessions WHERE id_hash = @hash", connection, transaction))
        {
            select.Parameters.AddWithValue("hash", idHash);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found = new ServerSessionRecord(
                    reader.GetGuid(0),
                    reader.GetFieldValue<byte[]>(1),
                    reader.GetGuid(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                    reader.GetFieldValue<byte[]>(7));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    public Task CreateAsync(ServerSessionRecord session, CancellationToken cancellationToken)
        => InTenantAsync(session.TenantId, (connection, transaction) => InsertAsync(connection, transaction, session, cancellationToken), cancellationToken);

    /// <summary>
    /// Replaces <paramref name="current"/> by <paramref name="next"/>: the current id stops at
    /// <paramref name="currentStopsAt"/> and the next row is written, in one transaction. False when
    /// another request rotated (or something revoked) the current id first; nothing is written then.
    /// </summary>
    public Task<bool> RotateAsync(ServerSessionRecord current, ServerSessionRecord next, DateTimeOffset currentStopsAt, CancellationToken cancellationToken)
        => InTenantAsync(
            current.TenantId,
            async (connection, transaction) =>
            {
                await using var stop = new NpgsqlCommand(
                    "UPDATE server_sessions SET revoked_at = @stops WHERE tenant_id = @tenant AND id_hash = @hash AND revoked_at IS NULL", connection, transaction);
                stop.Parameters.AddWithValue("stops", currentStopsAt);
                stop.Parameters.AddWithValue("tenant", current.TenantId);
                stop.Parameters.AddWithValue("hash", current.IdHash);
                if (await stop.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    return false;
                }

                await InsertAsync(connection, transaction, next, cancellationToken);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Ends a sign-in at <paramref name="at"/>: the given session and every id rotated from the same
    /// sign-in (same user, same start), so an id still in its rotation grace stops too.
    /// </summary>
    public Task RevokeSignInAsync(ServerSessionRecord session, DateTimeOffset at, CancellationToken cancellationToken)
        => InTenantAsync(
            session.TenantId,
            async (connection, transaction) =>
            {
                await using var revoke = new NpgsqlCommand(
                    """
                    UPDATE server_sessions SET revoked_at = LEAST(COALESCE(revoked_at, @at), @at)
                    WHERE tenant_id = @tenant AND user_object_id = @user AND created_at = @created
                    """,
                    connection,
                    transaction);
                revoke.Parameters.AddWithValue("at", at);
                revoke.Parameters.AddWithValue("tenant", session.TenantId);
                revoke.Parameters.AddWithValue("user", session.UserObjectId);
                revoke.Parameters.AddWithValue("created", session.CreatedAt);
                await revoke.ExecuteNonQueryAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    private static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ServerSessionRecord session, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO server_sessions ({Columns}) VALUES (@tenant, @hash, @user, @created, @rotate, @end, @revoked, @claims)", connection, transaction);
        insert.Parameters.AddWithValue("tenant", session.TenantId);
        insert.Parameters.AddWithValue("hash", session.IdHash);
        insert.Parameters.AddWithValue("user", session.UserObjectId);
        insert.Parameters.AddWithValue("created", session.CreatedAt);
        insert.Parameters.AddWithValue("rotate", session.RotateAfter);
        insert.Parameters.AddWithValue("end", session.AbsoluteExpiresAt);
        insert.Parameters.Add(new NpgsqlParameter("revoked", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)session.RevokedAt ?? DBNull.Value });
        insert.Parameters.AddWithValue("claims", session.ProtectedClaims);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private Task<T> InTenantAsync<T>(Guid tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
        => dataSource.InTenantAsync(tenantId, work, cancellationToken);
}

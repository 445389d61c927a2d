using Npgsql;

namespace IdentityOps.Core.Persistence.Scanning;

/// <summary>Takes the advisory lock that keeps two deliveries of one scan job from running it at once.</summary>
public sealed class ScanJobLocks(NpgsqlDataSource dataSource)
{
    /// <summary>The lock on <paramref name="scanId"/>, held until disposed; null when another delivery holds it.</summary>
    public Task<ScanJobLock?> TryTakeAsync(Guid scanId, CancellationToken cancellationToken)
        => ScanJobLock.TryTakeAsync(dataSource, scanId, cancellationToken);
}

/// <summary>
/// A session-level PostgreSQL advisory lock on one scan, held on its own connection while a delivery
/// runs it. If the worker dies, the connection drops and the lock with it, so a later delivery can
/// take the scan over (nothing of the dead run was committed: the inventory is one transaction).
/// </summary>
public sealed class ScanJobLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly Guid scanId;

    private ScanJobLock(NpgsqlConnection connection, Guid scanId)
    {
        this.connection = connection;
        this.scanId = scanId;
    }

    internal static async Task<ScanJobLock?> TryTakeAsync(NpgsqlDataSource dataSource, Guid scanId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", connection);
            command.Parameters.AddWithValue("key", Key(scanId));
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return new ScanJobLock(connection, scanId);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", connection);
            command.Parameters.AddWithValue("key", Key(scanId));
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static string Key(Guid scanId) => $"scan-job:{scanId:D}";
}

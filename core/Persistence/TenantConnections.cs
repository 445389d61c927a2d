using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>Raw SQL work for one tenant, for the few stores that bypass EF Core (token cache, server sessions).</summary>
public static class TenantConnections
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction with the tenant set transaction-locally, as
    /// EF Core's interceptor does, so row-level security holds it to that tenant.
    /// </summary>
    public static async Task<T> InTenantAsync<T>(this NpgsqlDataSource dataSource, Guid tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TenantSetting.ApplyAsync(connection, transaction, tenantId, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}

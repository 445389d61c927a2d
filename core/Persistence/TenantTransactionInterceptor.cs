using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// Sets <c>app.tenant_id</c> at the start of every transaction, transaction-locally
/// (<see cref="TenantSetting"/>): the setting ends with the transaction, so a pooled connection can
/// never carry one tenant's setting into the next borrower's work.
/// </summary>
internal sealed class TenantTransactionInterceptor : DbTransactionInterceptor
{
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        TenantSetting.Apply((NpgsqlConnection)connection, (NpgsqlTransaction)result, TenantOf(eventData.Context));
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await TenantSetting.ApplyAsync((NpgsqlConnection)connection, (NpgsqlTransaction)result, TenantOf(eventData.Context), cancellationToken);
        return result;
    }

    public override DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        TenantSetting.Apply((NpgsqlConnection)connection, (NpgsqlTransaction)result, TenantOf(eventData.Context));
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionUsedAsync(
        DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await TenantSetting.ApplyAsync((NpgsqlConnection)connection, (NpgsqlTransaction)result, TenantOf(eventData.Context), cancellationToken);
        return result;
    }

    private static Guid? TenantOf(DbContext? context) => (context as IdentityOpsDbContext)?.CurrentTenantId;
}

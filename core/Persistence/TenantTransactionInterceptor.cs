using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// Sets <c>app.tenant_id</c> at the start of every transaction, transaction-locally
/// (<c>set_config(…, true)</c>): the setting ends with the transaction, so a pooled connection can
/// never carry one tenant's setting into the next borrower's work.
/// </summary>
internal sealed class TenantTransactionInterceptor : DbTransactionInterceptor
{
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        using var command = SetTenantCommand(connection, result, eventData.Context);
        command.ExecuteNonQuery();
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await using var command = SetTenantCommand(connection, result, eventData.Context);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    public override DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        using var command = SetTenantCommand(connection, result, eventData.Context);
        command.ExecuteNonQuery();
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionUsedAsync(
        DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await using var command = SetTenantCommand(connection, result, eventData.Context);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    private static NpgsqlCommand SetTenantCommand(DbConnection connection, DbTransaction transaction, DbContext? context)
    {
        var tenant = (context as IdentityOpsDbContext)?.CurrentTenantId;

        // No tenant: set the empty string explicitly; the policies read it as "no tenant" (NULLIF),
        // so such a transaction sees no tenant rows at all.
        return new NpgsqlCommand($"SELECT set_config('{DatabaseRoles.TenantSetting}', @tenant, true)", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction)
        {
            Parameters = { new NpgsqlParameter("tenant", tenant?.ToString("D") ?? string.Empty) },
        };
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// Refuses any command that runs outside a transaction. The tenant setting lives in the transaction
/// (<see cref="TenantTransactionInterceptor"/>); a command without one would run with no tenant, or
/// worse, tempt someone to set the tenant for the whole pooled session.
/// </summary>
internal sealed class RequireTransactionInterceptor : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        => Require(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Require(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        => Require(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Require(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        => Require(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Require(command, result));

    private static T Require<T>(DbCommand command, T result)
        => command.Transaction is not null
            ? result
            : throw new TenantIsolationException(
                "Tenant data is read and written only inside a transaction (use InTenantTransactionAsync); this command had none.");
}

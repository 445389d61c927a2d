namespace IdentityOps.Core.Persistence;

/// <summary>Runs work inside one transaction, the unit in which the tenant setting holds.</summary>
public static class TenantUnitOfWork
{
    public static async Task<T> InTenantTransactionAsync<T>(this IdentityOpsDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public static Task InTenantTransactionAsync(this IdentityOpsDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync<bool>(
            async ct =>
            {
                await work(ct);
                return true;
            },
            cancellationToken);
}

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

    /// <summary>
    /// Runs the work of a request that names <paramref name="requestTenantId"/>, in this context's tenant's
    /// transaction. The one place a request's tenant is held against the tenant context: a request for any
    /// other tenant (or one made where no tenant is set) is refused with <see cref="TenantIsolationException"/>
    /// before anything is read or written, so no use case compares them itself.
    /// </summary>
    public static Task<T> InTenantTransactionAsync<T>(this IdentityOpsDbContext db, Guid requestTenantId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        RefuseForeignRequest(db, requestTenantId);
        return db.InTenantTransactionAsync(work, cancellationToken);
    }

    /// <inheritdoc cref="InTenantTransactionAsync{T}(IdentityOpsDbContext, Guid, Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public static Task InTenantTransactionAsync(this IdentityOpsDbContext db, Guid requestTenantId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        RefuseForeignRequest(db, requestTenantId);
        return db.InTenantTransactionAsync(work, cancellationToken);
    }

    private static void RefuseForeignRequest(IdentityOpsDbContext db, Guid requestTenantId)
    {
        if (db.CurrentTenantId != requestTenantId)
        {
            throw new TenantIsolationException("A request is served only in its own tenant's unit of work; this one names another tenant.");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>What a failed write means, in the application's terms, so callers need not know PostgreSQL's error codes.</summary>
public static class DatabaseErrors
{
    /// <summary>True when the write was refused by the unique index or constraint <paramref name="constraintName"/>.</summary>
    public static bool IsUniqueViolation(this DbUpdateException error, string constraintName)
        => error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } refused && refused.ConstraintName == constraintName;
}

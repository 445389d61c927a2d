using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>Where the purge connects: a login in the <c>identityops_purge</c> role. Bound from <c>Database</c>.</summary>
public sealed class PurgeDatabaseOptions
{
    [Required]
    public string PurgeConnectionString { get; set; } = string.Empty;
}

/// <summary>
/// The purge role's connections, kept apart from the application's: it sees only tenants in offboarding,
/// deletes them, and reads and writes the operators' audit chain and the deletion receipts.
/// </summary>
public sealed class PurgeDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static PurgeDataSource Create(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    internal NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

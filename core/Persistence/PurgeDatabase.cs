using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>Where the purge connects: a login in the database's <c>&lt;database&gt;_purge</c> role. Bound from <c>Database</c>.</summary>
public sealed class PurgeDatabaseOptions
{
    [Required]
    public string PurgeConnectionString { get; set; } = string.Empty;
}

/// <summary>
/// The purge role's connections, kept apart from the application's and held only by the hosts that purge
/// (<c>AddPurge</c>): its policies show it only tenants whose purge is due, whatever tenant it names, and
/// only their row counts; it deletes them, and reads and writes the operators' audit chain and the receipts.
/// </summary>
public sealed class PurgeDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static PurgeDataSource Create(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    internal NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

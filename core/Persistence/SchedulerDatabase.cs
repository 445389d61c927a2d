using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>Where the alert scheduler connects: a login in the database's <c>&lt;database&gt;_scheduler</c> role. Bound from <c>Database</c>.</summary>
public sealed class SchedulerDatabaseOptions
{
    [Required]
    public string SchedulerConnectionString { get; set; } = string.Empty;
}

/// <summary>
/// The scheduler role's connections: its policies show it which active tenants have alert settings (their ids),
/// nothing of an offboarding tenant and no recipient; each tenant's digest is then built as the application role.
/// </summary>
public sealed class SchedulerDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static SchedulerDataSource Create(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    /// <summary>The tenants that have alert settings, in id order.</summary>
    public async Task<IReadOnlyList<Guid>> TenantsWithAlertsAsync(CancellationToken cancellationToken)
    {
        var tenants = new List<Guid>();
        await using var command = dataSource.CreateCommand("SELECT DISTINCT a.tenant_id FROM alert_configurations a JOIN tenants t ON t.id = a.tenant_id ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetGuid(0));
        }

        return tenants;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

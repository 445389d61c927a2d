namespace IdentityOps.Testing;

/// <summary>
/// The one PostgreSQL server of a test process: the server named by <c>IDENTITYOPS_DB</c> (an
/// admin connection string) when set, otherwise a throwaway cluster started on first use and
/// stopped when the process exits.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> AdminConnection = new(StartAsync);
    private static LocalPostgresCluster? cluster;

    public static Task<string> GetAdminConnectionStringAsync() => AdminConnection.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("IDENTITYOPS_DB");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        cluster = await LocalPostgresCluster.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster.AdminConnectionString;
    }
}

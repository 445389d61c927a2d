using IdentityOps.Cli.Verbs;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Cli.Tests.Verbs;

public sealed class MigrateVerbTests
{
    [Fact]
    public async Task Migrate_without_a_connection_explains_what_to_set()
    {
        var output = new StringWriter();
        var exit = await MigrateVerb.RunAsync(new ConfigurationBuilder().Build(), output);
        Assert.Equal(2, exit);
        Assert.Contains("Database__OwnerConnectionString", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Database:OwnerConnectionString", "migrate failed: the database at Database__OwnerConnectionString could not be used (")]
    [InlineData("Database:AdminConnectionString", "migrate failed: the database at Database__AdminConnectionString could not be used (")]
    public async Task An_unreachable_database_fails_with_a_one_line_reason_not_a_stack_trace(string setting, string reason)
    {
        var output = new StringWriter();
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(setting, "Host=127.0.0.1;Port=1;Username=postgres;Password=unused;Database=postgres;Timeout=5")])
            .Build();

        var exit = await MigrateVerb.RunAsync(configuration, output);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.ToString().Trim().Split('\n'));
        Assert.StartsWith(reason, line, StringComparison.Ordinal);
    }
}

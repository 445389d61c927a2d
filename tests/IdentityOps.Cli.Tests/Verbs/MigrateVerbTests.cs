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
}

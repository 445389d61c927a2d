using IdentityOps.Core.Trust;
using IdentityOps.Core.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IdentityOps.Security.Tests.DatabaseTls;

/// <summary>
/// A production host starts only if every PostgreSQL connection it is given verifies the server
/// (issue 18, item 18): the check sits in <c>AddPersistence</c>, which every host runs, and fails the start.
/// No connection is opened: the configuration alone decides.
/// </summary>
// Claim: the ciphertext and metadata travel to PostgreSQL only over verified TLS.
[Trait("Claim", TrustClaimIds.TokensEncrypted)]
public sealed class ProductionDatabaseTlsTests
{
    private const string Remote = "Host=db.identityops.example;Database=identityops;Username=app_login;Password=not-a-secret";

    [Theory]
    [InlineData(Remote + ";SSL Mode=Require", "Require")]
    [InlineData(Remote + ";SSL Mode=VerifyCA", "VerifyCA")]
    [InlineData(Remote, "Prefer")] // none given: Npgsql's default
    public async Task A_production_host_whose_connection_does_not_verify_the_server_fails_to_start_with_a_clear_message(string connectionString, string mode)
    {
        using var host = Host(Environments.Production, ("ApplicationConnectionString", connectionString));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var message = Assert.Single(error.Failures);
        Assert.Equal($"Database:ApplicationConnectionString uses SSL Mode={mode} to db.identityops.example: in Production every PostgreSQL connection must set 'SSL Mode=VerifyFull' (TLS with the server's certificate and host name verified). The host does not start.", message);
        Assert.DoesNotContain("not-a-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_database_connection_of_the_host_is_checked_the_job_roles_too()
    {
        using var host = Host(
            Environments.Production,
            ("ApplicationConnectionString", Remote + ";SSL Mode=VerifyFull"),
            ("PurgeConnectionString", Remote + ";SSL Mode=Require"),
            ("SchedulerConnectionString", Remote + ";SSL Mode=Disable"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Collection(
            error.Failures.Order(StringComparer.Ordinal),
            purge => Assert.StartsWith("Database:PurgeConnectionString uses SSL Mode=Require", purge, StringComparison.Ordinal),
            scheduler => Assert.StartsWith("Database:SchedulerConnectionString uses SSL Mode=Disable", scheduler, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_production_host_with_VerifyFull_everywhere_passes_the_check()
    {
        using var host = Host(
            Environments.Production,
            ("ApplicationConnectionString", Remote + ";SSL Mode=VerifyFull"),
            ("PurgeConnectionString", Remote + ";SSL Mode=VerifyFull"));

        await host.StartAsync();
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Development", Remote + ";SSL Mode=Disable")]
    [InlineData("Test", Remote)]
    [InlineData("Production", "Host=127.0.0.1;Port=5433;Database=identityops;Username=app_login;Password=x")] // never leaves the machine
    [InlineData("Production", "Host=/var/run/postgresql;Database=identityops;Username=app_login")]
    public async Task Development_test_and_a_server_on_this_machine_are_not_held_to_it(string environment, string connectionString)
    {
        using var host = Host(environment, ("ApplicationConnectionString", connectionString));

        await host.StartAsync();
        await host.StopAsync();
    }

    private static IHost Host(string environment, params (string Key, string Value)[] database)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(database.Select(d => KeyValuePair.Create<string, string?>($"{DatabaseOptions.Section}:{d.Key}", d.Value)));
        builder.Services.AddPersistence();
        return builder.Build();
    }
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Npgsql;

namespace IdentityOps.Security.Tests.MetadataOnly;

/// <summary>After a full scan of the sample tenant (planted secrets, keys, hints and network traces), the raw rows hold none of them.</summary>
[Trait("Claim", TrustClaimIds.MetadataOnly)]
public sealed class StoredDataTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Secret_values_hints_keys_and_network_traces_never_reach_the_database()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()));
        var result = await harness.ScanAsync();
        Assert.Equal(ScanStatus.Succeeded, result.Status);

        var dump = await DatabaseDump.ReadAllAsync(database);

        Assert.Contains("Payroll Connector", dump, StringComparison.Ordinal); // the dump does hold the scan
        Assert.Contains("Mobile Apps and Desktop clients", dump, StringComparison.Ordinal); // and the privileged users' sign-ins
        foreach (var canary in SampleSnapshot.Canaries.Append(SampleSnapshot.HintCanary))
        {
            Assert.DoesNotContain(canary, dump, StringComparison.Ordinal);
        }

        // Nothing shaped like a JWT or a PEM/PFX blob either.
        Assert.DoesNotMatch(@"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.", dump);
        Assert.DoesNotContain("-----BEGIN", dump, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"MII[A-Za-z0-9+/]{60,}", dump);
    }

    [Fact]
    public async Task No_column_can_hold_a_secret_token_credential_blob_or_network_trace()
    {
        await using var superuser = NpgsqlDataSource.Create(database.SuperuserConnectionString);
        var inspection = await MetadataColumns.InspectAsync(new DatabaseCatalog(superuser), CancellationToken.None);

        Assert.True(inspection.Columns > 100, "the catalog was not read");
        Assert.Empty(inspection.Offenders);
        Assert.Empty(inspection.MissingJustifiedColumns);
    }

    [Theory]
    [InlineData("applications.client_secret", "text")]
    [InlineData("users.last_sign_in_ip", "text")]
    [InlineData("credentials.raw", "bytea")]
    [InlineData("sign_ins.address", "inet")]
    public void A_column_that_could_hold_a_secret_is_named(string column, string type)
        => Assert.Equal([$"{column} ({type})"], MetadataColumns.Inspect([(column, type), ("applications.display_name", "varchar")]).Offenders);

    [Fact]
    public async Task The_live_check_reads_the_running_schema_as_the_application_role()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        var result = await new MetadataOnlyCheck(new DatabaseCatalog(dataSource)).EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, result.Status);
        Assert.Contains("none can hold a secret", result.Evidence, StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;
using IdentityOps.Cli.Verbs;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Cli.Tests.Verbs;

/// <summary>The snapshot scan verb as a user runs it, in-process, against the test server.</summary>
public sealed class ScanVerbTests : IDisposable
{
    private readonly string workspace = Directory.CreateTempSubdirectory("identityops-snapshot-").FullName;

    [Fact]
    public async Task A_snapshot_folder_is_scanned_and_its_inventory_written_without_any_secret()
    {
        var snapshot = await WriteSnapshotAsync(SampleSnapshot.Files());
        var output = new StringWriter();

        var exit = await RunAsync(["--snapshot", snapshot, "--out", Path.Combine(workspace, "out"), "--as-of", "2026-11-25T00:00:00Z"], output);

        Assert.True(exit == 0, output.ToString());
        Assert.Contains("scan succeeded", output.ToString(), StringComparison.Ordinal);
        var inventory = await File.ReadAllTextAsync(Path.Combine(workspace, "out", "inventory.json"));
        Assert.Contains("Payroll Connector", inventory, StringComparison.Ordinal);
        Assert.All(SampleSnapshot.Canaries, canary => Assert.DoesNotContain(canary, inventory, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_folder_without_an_organization_fails_with_a_one_line_reason()
    {
        var files = SampleSnapshot.Files();
        files.Remove("organization.json");
        var snapshot = await WriteSnapshotAsync(files);
        var output = new StringWriter();

        var exit = await RunAsync(["--snapshot", snapshot, "--out", Path.Combine(workspace, "out")], output);

        Assert.Equal(1, exit);
        Assert.Equal("scan failed: '" + snapshot + "' is not a tenant snapshot: organization.json is missing (it names the tenant).", output.ToString().Trim());
    }

    [Fact]
    public async Task A_malformed_collection_file_marks_that_collection_unavailable_and_the_scan_goes_on()
    {
        var snapshot = await WriteSnapshotAsync(SampleSnapshot.Files());
        await File.WriteAllTextAsync(Path.Combine(snapshot, "oauth2PermissionGrants.json"), "{\"value\":[{\"id\":\"grant-1\",\"clientId\":");
        var output = new StringWriter();

        var exit = await RunAsync(["--snapshot", snapshot, "--out", Path.Combine(workspace, "out")], output);

        Assert.True(exit == 0, output.ToString());
        Assert.Contains("not collected: oauth2PermissionGrants (Graph kept answering with malformed JSON", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_fails_with_a_one_line_reason_not_a_stack_trace()
    {
        var snapshot = await WriteSnapshotAsync(SampleSnapshot.Files());
        var output = new StringWriter();
        var builder = Host.CreateApplicationBuilder();
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        builder.Configuration["Database:AdminConnectionString"] = "Host=127.0.0.1;Port=1;Username=postgres;Password=unused;Database=postgres;Timeout=5";

        var exit = await ScanVerb.RunAsync(builder, ["--snapshot", snapshot, "--out", Path.Combine(workspace, "out")], output);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.ToString().Trim().Split('\n'));
        Assert.StartsWith("scan failed: the database at Database__AdminConnectionString could not be used (", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--snapshot")]
    [InlineData("--bogus", "x")]
    public async Task Bad_arguments_get_usage_and_exit_code_2(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(2, await RunAsync(args, output));
        Assert.StartsWith("scan: ", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(workspace, recursive: true);

    private static async Task<int> RunAsync(string[] args, StringWriter output)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Database:AdminConnectionString"] = await PostgresServer.GetAdminConnectionStringAsync();
        return await ScanVerb.RunAsync(builder, args, output);
    }

    private async Task<string> WriteSnapshotAsync(Dictionary<string, JsonNode> files)
    {
        var folder = Path.Combine(workspace, "snapshot");
        foreach (var (path, body) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, body.ToJsonString());
        }

        return folder;
    }
}

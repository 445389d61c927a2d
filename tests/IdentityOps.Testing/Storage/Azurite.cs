using System.Diagnostics;
using System.Globalization;

namespace IdentityOps.Testing.Storage;

/// <summary>
/// Azurite's queue service (<see cref="StartAsync"/>) or blob service (<see cref="StartBlobAsync"/>)
/// (npm package <c>azurite</c>, installed into <c>tests/node</c> by <c>./build.sh test</c>) on a free
/// loopback port, with its files in a temporary folder, for one test class. Stopped, with its
/// process tree, on dispose.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's documented development account; it protects nothing.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;
    private readonly string workspace;

    private Azurite(Process process, string workspace, string endpoint, int port)
    {
        this.process = process;
        this.workspace = workspace;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};{endpoint}=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<Azurite> StartAsync()
    {
        var port = NodeTool.FreePort();
        var workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        var process = await NodeTool.StartAsync(
            "azurite-queue",
            ["--queueHost", "127.0.0.1", "--queuePort", port.ToString(CultureInfo.InvariantCulture), "--location", workspace, "--skipApiVersionCheck", "--loose", "--silent"],
            port);
        return new Azurite(process, workspace, "QueueEndpoint", port);
    }

    public static async Task<Azurite> StartBlobAsync()
    {
        var port = NodeTool.FreePort();
        var workspace = Directory.CreateTempSubdirectory("azurite-blob-").FullName;
        var process = await NodeTool.StartAsync(
            "azurite-blob",
            ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", workspace, "--skipApiVersionCheck", "--loose", "--silent"],
            port);
        return new Azurite(process, workspace, "BlobEndpoint", port);
    }

    public async ValueTask DisposeAsync()
    {
        await NodeTool.StopAsync(process);
        Directory.Delete(workspace, recursive: true);
    }
}

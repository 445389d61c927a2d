using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace IdentityOps.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from the server binaries on this machine: initdb into a temporary
/// folder, start on a free loopback port with password authentication, stop and delete at the end.
/// initdb refuses to run as root, so under root the server runs as the unprivileged <c>postgres</c> user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private readonly string dataDirectory;
    private readonly string binDirectory;
    private readonly bool runAsServiceUser;

    private LocalPostgresCluster(string dataDirectory, string binDirectory, bool runAsServiceUser, string adminConnectionString)
    {
        this.dataDirectory = dataDirectory;
        this.binDirectory = binDirectory;
        this.runAsServiceUser = runAsServiceUser;
        AdminConnectionString = adminConnectionString;
    }

    /// <summary>A superuser connection to the <c>postgres</c> database of this cluster.</summary>
    public string AdminConnectionString { get; }

    public static async Task<LocalPostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory();
        var runAsServiceUser = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var root = Path.Combine(Path.GetTempPath(), $"identityops-pg-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        if (runAsServiceUser)
        {
            await RunAsync("chown", ["-R", $"{ServiceUser}:", root], asServiceUser: false, cancellationToken);
        }

        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            runAsServiceUser, cancellationToken);
        File.Delete(passwordFile);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var options = $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='{root}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start"], runAsServiceUser, cancellationToken);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue; // another process took the port between probing and binding
            }

            var admin = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Password = password,
                Database = "postgres",
                Pooling = false,
            }.ConnectionString;
            return new LocalPostgresCluster(data, bin, runAsServiceUser, admin);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(binDirectory, "pg_ctl"), ["-D", dataDirectory, "-m", "immediate", "-w", "stop"], runAsServiceUser, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dataDirectory)!, recursive: true);
        }
    }

    private static string FindBinDirectory()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql/*/bin. Run ./build.sh test, which installs them, or set IDENTITYOPS_DB.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServiceUser, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(ServiceUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}

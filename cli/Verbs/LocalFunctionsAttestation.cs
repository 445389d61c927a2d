using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityOps.Core.Persistence.Provisioning;

namespace IdentityOps.Cli.Verbs;

/// <summary>
/// For <c>trust</c> on a machine where the Functions host cannot run: starts the built worker once in
/// its attestation mode (<c>IdentityOps.Functions.dll attest</c>), as it would attest at start-up,
/// against the database just provisioned. The worker gets what it has in a deployment, made locally
/// under <c>Trust:LocalKeyDirectory</c> on first use (nothing in the repository): its own key ring
/// directory, a key-encryption certificate, and its attestation key.
/// </summary>
internal static class LocalFunctionsAttestation
{
    /// <summary>The built worker (<c>Trust:FunctionsHost</c>; <c>./build.sh trust</c> sets it). Unset: no local worker attests.</summary>
    public const string HostSetting = "Trust:FunctionsHost";

    /// <summary>Where the local keys live (<c>Trust:LocalKeyDirectory</c>), apart from the database.</summary>
    public const string KeyDirectorySetting = "Trust:LocalKeyDirectory";

    public static string AttestationKeyDirectory(string keyDirectory) => Path.Combine(keyDirectory, "attestation");

    public static async Task<(bool Attested, string Output)> RunAsync(string functionsHost, string keyDirectory, ProvisionedDatabase database, CancellationToken cancellationToken)
    {
        var worker = Path.Combine(keyDirectory, "functions");
        var certificate = EnsureKeyEncryptionCertificate(Path.Combine(worker, "key-encryption.pfx"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(functionsHost);
        start.ArgumentList.Add("attest");
        var environment = start.Environment;
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["Database__ApplicationConnectionString"] = database.ApplicationConnectionString;
        environment["Database__PurgeConnectionString"] = database.PurgeConnectionString;
        environment["Database__SchedulerConnectionString"] = database.SchedulerConnectionString;
        environment["TokenProtection__KeyRingPath"] = Path.Combine(worker, "keyring");
        environment["TokenProtection__KeyEncryptionCertificatePath"] = certificate;
        environment["HostAttestation__KeyDirectory"] = AttestationKeyDirectory(keyDirectory);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode == 0, $"{(await output).Trim()} {(await error).Trim()}".Trim());
    }

    /// <summary>A self-signed RSA certificate that encrypts the local worker's key ring at rest, made once (owner-only file).</summary>
    private static string EnsureKeyEncryptionCertificate(string path)
    {
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=IdentityOps local key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(created.Export(X509ContentType.Pkcs12));
        return path;
    }
}

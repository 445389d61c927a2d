using IdentityOps.Cli.Extensions;
using IdentityOps.Core.Persistence.Provisioning;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Attestation;
using IdentityOps.Core.Trust.EvaluateTrust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Cli.Verbs;

/// <summary>
/// <c>IdentityOps.Cli trust</c>: prints every claim of the trust catalogue with its live status, one
/// line each (status, id, evidence), against the local demo database (<c>Database:AdminConnectionString</c>,
/// provisioned and migrated like <c>scan</c> does). Exits 1 when a claim is failing, 0 otherwise:
/// a claim this process cannot show is printed as NotMet, never left out.
/// </summary>
internal static class TrustVerb
{
    public const string Name = "trust";

    /// <summary>The local demo's database, which <c>./build.sh demo</c> scans into and the web app's demo mode serves.</summary>
    private const string DatabaseName = "identityops_demo";

    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        var admin = builder.Configuration["Database:AdminConnectionString"];
        if (string.IsNullOrWhiteSpace(admin))
        {
            await output.WriteLineAsync("trust: set Database__AdminConnectionString (./build.sh trust does) so the checks have a database to read.");
            return 2;
        }

        var (database, _) = await DatabaseMigrator.ProvisionAndMigrateAsync(admin, DatabaseName, CancellationToken.None);
        await AttestLocalFunctionsHostAsync(builder, database, output);
        var host = builder.AddApplicationServices(database).Build();
        await using var disposal = (IAsyncDisposable)host; // the purge and scheduler data sources are disposed only asynchronously
        await using var scope = host.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<EvaluateTrustQuery>().RunAsync(CancellationToken.None);

        var width = report.Claims.Max(c => c.Claim.Id.Length);
        foreach (var claim in report.Claims)
        {
            await output.WriteLineAsync($"{claim.Result.Status,-7} {claim.Claim.Id.PadRight(width)}  {claim.Result.Evidence}");
        }

        var met = report.Claims.Count(c => c.Result.Status == TrustStatus.Met);
        var failing = report.Claims.Count(c => c.Result.Status == TrustStatus.Failing);
        await output.WriteLineAsync($"{met} met, {report.Claims.Count - met - failing} not met, {failing} failing of {report.Claims.Count} claims");
        return failing == 0 ? 0 : 1;
    }

    /// <summary>
    /// The claims only the Functions worker holds are shown from its signed attestation. Where the worker
    /// is built but cannot run as a Functions host, it attests once here, as at its start-up; without it,
    /// those claims show as failing (no attestation), never as met.
    /// </summary>
    private static async Task AttestLocalFunctionsHostAsync(HostApplicationBuilder builder, ProvisionedDatabase database, TextWriter output)
    {
        var functionsHost = builder.Configuration[LocalFunctionsAttestation.HostSetting];
        var keyDirectory = builder.Configuration[LocalFunctionsAttestation.KeyDirectorySetting];
        if (string.IsNullOrWhiteSpace(functionsHost) || string.IsNullOrWhiteSpace(keyDirectory))
        {
            return;
        }

        // The verifier reads the worker's public key from the same directory the worker writes it to.
        builder.Configuration[$"{HostAttestationOptions.Section}:{nameof(HostAttestationOptions.KeyDirectory)}"] ??= LocalFunctionsAttestation.AttestationKeyDirectory(keyDirectory);
        var (attested, said) = await LocalFunctionsAttestation.RunAsync(functionsHost, keyDirectory, database, CancellationToken.None);
        if (!attested)
        {
            await output.WriteLineAsync($"trust: the Functions worker did not attest: {said}");
        }
    }
}

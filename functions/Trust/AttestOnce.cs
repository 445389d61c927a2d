using IdentityOps.Core.Trust.AttestHost;
using IdentityOps.Functions.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Functions.Trust;

/// <summary>
/// <c>IdentityOps.Functions attest</c>: the worker's start-up attestation, once, without the Functions
/// host — for a machine where <c>func</c> cannot run (<c>./build.sh trust</c>). The same composition root
/// as the worker (<see cref="Extensions.Extensions.AddApplicationServices"/>), its own configuration from
/// the environment, its own key ring and attestation key; exits 0 when the attestation was written.
/// </summary>
public static class AttestOnce
{
    public const string Verb = "attest";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddApplicationServices();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var attestation = await scope.ServiceProvider.GetRequiredService<AttestHostCommand>().RunAsync(CancellationToken.None);
        await Console.Out.WriteLineAsync(attestation is null
            ? "attest: no attestation key directory configured (HostAttestation:KeyDirectory or TokenProtection:KeyRingPath)"
            : $"attest: the {attestation.Host} host attested {attestation.Claims.Count} claims, signed with key {attestation.SignedBy}");
        return attestation is null ? 1 : 0;
    }
}

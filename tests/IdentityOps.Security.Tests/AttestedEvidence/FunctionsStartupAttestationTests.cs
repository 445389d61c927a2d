using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Attestation;
using IdentityOps.Core.Trust.AttestHost;
using IdentityOps.Core.Trust.EvaluateTrust;
using IdentityOps.Functions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Security.Tests.AttestedEvidence;

/// <summary>
/// The Functions worker's start-up hook, run on the worker's own composition root (the Functions host
/// itself cannot run here): it attests what only it holds, signed with its key, and any process reading
/// the database then shows those claims met from that attestation.
/// </summary>
[Trait("Claim", TrustClaimIds.TokensEncrypted)]
[Trait("Claim", TrustClaimIds.KeysApart)]
[Trait("Claim", TrustClaimIds.NoTenantIdInput)]
public sealed class FunctionsStartupAttestationTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    [Fact]
    public async Task At_start_up_the_functions_host_signs_and_stores_the_claims_only_it_holds_and_they_show_as_met()
    {
        var startup = Assert.Single(app.Host.Services.GetServices<IHostedService>().OfType<HostAttestationStartup>());

        await startup.StartAsync(CancellationToken.None);
        await startup.StopAsync(CancellationToken.None);

        var stored = await app.Host.Services.GetRequiredService<IHostAttestationStore>().LatestPerHostAsync(CancellationToken.None);
        var attestation = Assert.Single(stored, a => a.Host == AttestingHosts.Functions);
        var publicKey = new AttestationKeyDirectory(Path.Combine(app.KeyRingPath, "attestation")).KeyOf(AttestingHosts.Functions);
        Assert.NotNull(publicKey);
        Assert.True(publicKey.Verifies(attestation));
        foreach (var claimId in AttestingHosts.Required.Keys)
        {
            Assert.Equal(TrustStatus.Met, attestation.For(claimId)?.Status);
        }

        // Another process (here: a verifier with only the public key and the database) shows them met.
        await using var scope = app.Host.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<EvaluateTrustQuery>().RunAsync(CancellationToken.None);
        foreach (var claimId in AttestingHosts.Required.Keys)
        {
            var claim = Assert.Single(report.Claims, c => c.Claim.Id == claimId);
            Assert.True(claim.Result.Status == TrustStatus.Met, $"{claimId}: {claim.Result.Status}: {claim.Result.Evidence}");
            Assert.Contains("attested by the functions host", claim.Result.Evidence, StringComparison.Ordinal);
        }
    }
}

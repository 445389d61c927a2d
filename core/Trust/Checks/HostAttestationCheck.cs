using IdentityOps.Core.Trust.Attestation;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>
/// The hosts' attestations as read by the process showing the report: each host's most recent one,
/// read once per evaluation (scoped), whatever its signature — <see cref="HostAttestationCheck"/> judges.
/// </summary>
public sealed class LatestHostAttestations(IHostAttestationStore store)
{
    private Task<IReadOnlyList<HostAttestation>>? latest;

    public Task<IReadOnlyList<HostAttestation>> GetAsync(CancellationToken cancellationToken)
        => latest ??= store.LatestPerHostAsync(cancellationToken);
}

/// <summary>
/// One claim as the hosts that hold it attested it. For a host whose attestation the claim requires
/// (<see cref="AttestingHosts.Required"/>): none, a signature that does not verify with that host's
/// public key, one older than <see cref="HostAttestationOptions.MaxAge"/>, or one that leaves the claim
/// out is failing — never "not met". Any other host's latest attestation counts too while it is fresh
/// (a host that attests a failure makes the claim fail), and a forged one is failing wherever it is.
/// </summary>
public sealed class HostAttestationCheck(
    string claimId,
    LatestHostAttestations attestations,
    IAttestationVerifyingKeys? keys,
    IOptions<HostAttestationOptions> options,
    TimeProvider time) : ITrustCheck
{
    public string ClaimId => claimId;

    public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        var latest = (await attestations.GetAsync(cancellationToken)).ToDictionary(a => a.Host, StringComparer.Ordinal);
        var required = AttestingHosts.Required.TryGetValue(claimId, out var hosts) ? hosts : [];
        var results = new List<TrustCheckResult>();
        foreach (var host in required)
        {
            results.Add(latest.TryGetValue(host, out var attestation)
                ? Judge(attestation, requiredHere: true)
                : TrustCheckResult.Failing($"no attestation from the {host} host, which holds this claim's evidence"));
        }

        foreach (var attestation in latest.Values.Where(a => !required.Contains(a.Host, StringComparer.Ordinal) && a.For(claimId) is not null).OrderBy(a => a.Host, StringComparer.Ordinal))
        {
            results.Add(Judge(attestation, requiredHere: false));
        }

        if (results.Count == 0)
        {
            return TrustCheckResult.NotMet("no host attests this claim");
        }

        var seen = results.Where(r => r.Status != TrustStatus.NotMet).ToList();
        return seen.Count == 0 ? results[0] : new TrustCheckResult(seen.Max(r => r.Status), string.Join("; ", seen.Select(r => r.Evidence)));
    }

    private TrustCheckResult Judge(HostAttestation attestation, bool requiredHere)
    {
        var host = attestation.Host;
        if (keys?.KeyOf(host) is not { } key)
        {
            return TrustCheckResult.Failing($"the {host} host's attestation cannot be verified: its public key is not known here");
        }

        if (!key.Verifies(attestation))
        {
            return TrustCheckResult.Failing($"the {host} host's latest attestation does not verify with its public key (altered or forged)");
        }

        var age = time.GetUtcNow() - attestation.AttestedAt;
        var maxAge = options.Value.MaxAge;
        if (age > maxAge)
        {
            return requiredHere
                ? TrustCheckResult.Failing($"the {host} host's latest attestation is {Describe(age)} old, older than the {Describe(maxAge)} allowed")
                : TrustCheckResult.NotMet($"the {host} host's latest attestation is stale ({Describe(age)} old)");
        }

        if (attestation.For(claimId) is not { } claim)
        {
            return TrustCheckResult.Failing($"the {host} host's latest attestation ({Describe(age)} ago) does not cover this claim");
        }

        return new TrustCheckResult(claim.Status, $"{claim.Evidence} (attested by the {host} host {Describe(age)} ago)");
    }

    public static string Describe(TimeSpan age)
        => age < TimeSpan.Zero ? "0 min"
            : age < TimeSpan.FromHours(2) ? $"{(int)age.TotalMinutes} min"
            : age < TimeSpan.FromDays(2) ? $"{(int)age.TotalHours} h"
            : $"{(int)age.TotalDays} days";
}

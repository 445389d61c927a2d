using IdentityOps.Core.Trust.Attestation;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Core.Trust.EvaluateTrust;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Trust.AttestHost;

/// <summary>This process as an attesting host: its name, and its signer (null when no attestation key directory is configured).</summary>
public sealed class AttestingHost(string name, Func<IAttestationSigner?> signer)
{
    private readonly Lazy<IAttestationSigner?> loaded = new(signer);

    public string Name { get; } = AttestingHosts.IsKnown(name) ? name : throw new ArgumentException($"'{name}' is not an attesting host.", nameof(name));

    public IAttestationSigner? Signer => loaded.Value;
}

/// <summary>
/// Evaluates, in this process, the live checks of the claims this host holds (<see cref="AttestingHosts.Plan"/>),
/// signs what they saw with the host's own key and appends it to the attestations. A claim whose check
/// says "not met" here is left out: this host does not hold it. Evidence is made public before it is
/// signed, so the stored attestation shows what was checked and the result, never paths or key ids.
/// </summary>
public sealed partial class AttestHostCommand(AttestingHost host, IEnumerable<ITrustCheck> checks, IHostAttestationStore store, TimeProvider time, ILogger<AttestHostCommand> logger)
{
    public async Task<HostAttestation?> RunAsync(CancellationToken cancellationToken)
    {
        if (host.Signer is not { } signer)
        {
            LogNoKey(host.Name, HostAttestationOptions.Section);
            return null;
        }

        var planned = AttestingHosts.Plan[host.Name];

        // The attestation checks read other hosts' attestations: a host attests only what it sees itself.
        var own = checks.Where(c => c is not HostAttestationCheck && planned.Contains(c.ClaimId, StringComparer.Ordinal)).ToLookup(c => c.ClaimId, StringComparer.Ordinal);
        var claims = new List<AttestedClaim>();
        foreach (var claimId in planned)
        {
            var result = await TrustCheckRunner.EvaluateAsync(claimId, own[claimId].ToList(), logger, cancellationToken);
            if (result.Status != TrustStatus.NotMet)
            {
                claims.Add(new AttestedClaim(claimId, result.Status, result.Evidence));
            }
        }

        var attestedAt = HostAttestation.ToStoredPrecision(time.GetUtcNow());
        var attestation = new HostAttestation(host.Name, attestedAt, claims, signer.KeyId, signer.Sign(HostAttestation.Canonical(host.Name, attestedAt, claims)));
        await store.AppendAsync(attestation, cancellationToken);
        LogAttested(host.Name, claims.Count, signer.KeyId);
        return attestation;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Host} host does not attest: no attestation key directory ({Section}:KeyDirectory or TokenProtection:KeyRingPath); claims that need its attestation show as failing")]
    private partial void LogNoKey(string host, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Host} host attested {Claims} claims, signed with key {KeyId}")]
    private partial void LogAttested(string host, int claims, string keyId);
}

namespace IdentityOps.Core.Trust.EvaluateTrust;

/// <summary>
/// Evaluates every claim of the catalogue with its live checks, in catalogue order. A claim with no
/// check registered shows as not met; a check that throws shows as failing — a claim is never left
/// out. Evidence is public (<see cref="PublicEvidence"/>): what was checked and the result; the
/// details (exception, paths, key ids) go to the log.
/// </summary>
public sealed class EvaluateTrustQuery(IEnumerable<ITrustCheck> checks, TimeProvider time, Microsoft.Extensions.Logging.ILogger<EvaluateTrustQuery> logger)
{
    public async Task<TrustReport> RunAsync(CancellationToken cancellationToken)
    {
        var byClaim = checks.ToLookup(c => c.ClaimId, StringComparer.Ordinal);
        var statuses = new List<TrustClaimStatus>();
        foreach (var claim in TrustCatalogue.All)
        {
            statuses.Add(new TrustClaimStatus(claim, await TrustCheckRunner.EvaluateAsync(claim.Id, byClaim[claim.Id].ToList(), logger, cancellationToken)));
        }

        return new TrustReport(statuses, time.GetUtcNow());
    }
}

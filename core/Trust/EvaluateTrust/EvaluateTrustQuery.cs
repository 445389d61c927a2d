using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Trust.EvaluateTrust;

/// <summary>
/// Evaluates every claim of the catalogue with its live check, in catalogue order. A claim with no
/// check registered shows as not met; a check that throws shows as failing with the reason — a
/// claim is never left out.
/// </summary>
public sealed partial class EvaluateTrustQuery(IEnumerable<ITrustCheck> checks, TimeProvider time, ILogger<EvaluateTrustQuery> logger)
{
    public async Task<TrustReport> RunAsync(CancellationToken cancellationToken)
    {
        var byClaim = checks.ToLookup(c => c.ClaimId, StringComparer.Ordinal);
        var statuses = new List<TrustClaimStatus>();
        foreach (var claim in TrustCatalogue.All)
        {
            statuses.Add(new TrustClaimStatus(claim, await EvaluateAsync(claim, byClaim[claim.Id].ToList(), cancellationToken)));
        }

        return new TrustReport(statuses, time.GetUtcNow());
    }

    private async Task<TrustCheckResult> EvaluateAsync(TrustClaim claim, List<ITrustCheck> claimChecks, CancellationToken cancellationToken)
    {
        if (claimChecks.Count == 0)
        {
            return TrustCheckResult.NotMet("no live check in this process");
        }

        var results = new List<TrustCheckResult>();
        foreach (var check in claimChecks)
        {
            try
            {
                results.Add(await check.EvaluateAsync(cancellationToken));
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogCheckFailed(error, claim.Id);
                results.Add(TrustCheckResult.Failing($"the check could not run: {error.GetType().Name}: {FirstLine(error.Message)}"));
            }
        }

        // The worst result decides; every check's evidence is kept.
        var status = results.Max(r => r.Status);
        return new TrustCheckResult(status, string.Join("; ", results.Select(r => r.Evidence)));
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [LoggerMessage(Level = LogLevel.Error, Message = "The live check of trust claim {ClaimId} failed")]
    private partial void LogCheckFailed(Exception error, string claimId);
}

using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Trust.EvaluateTrust;

/// <summary>Runs one claim's checks and combines them: shared by the report and by a host's attestation, so both judge alike.</summary>
public static partial class TrustCheckRunner
{
    public static async Task<TrustCheckResult> EvaluateAsync(string claimId, IReadOnlyList<ITrustCheck> claimChecks, ILogger logger, CancellationToken cancellationToken)
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
                // The exception's text may name a path, a host or a key: it goes to the log only.
                LogCheckFailed(logger, error, claimId, check.GetType().Name);
                results.Add(TrustCheckResult.Failing($"the check could not run ({check.GetType().Name}); the details are in the operators' log"));
            }
        }

        return Combine(results);
    }

    /// <summary>
    /// "Not met" says only that one check could not see the claim from here (its evidence lives in another
    /// host): when another check did see it — the holding host's attestation — that one speaks. Of those
    /// that saw it, the worst result decides, and every one's evidence is kept.
    /// </summary>
    public static TrustCheckResult Combine(IReadOnlyList<TrustCheckResult> results)
    {
        var seen = results.Where(r => r.Status != TrustStatus.NotMet).ToList();
        var shown = seen.Count > 0 ? seen : results;
        return new TrustCheckResult(shown.Max(r => r.Status), PublicEvidence.Redact(string.Join("; ", shown.Select(r => r.Evidence))));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The live check {Check} of trust claim {ClaimId} failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception error, string claimId, string check);
}

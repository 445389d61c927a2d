namespace IdentityOps.Core.Trust;

public enum TrustStatus
{
    /// <summary>The running system shows the claim holds.</summary>
    Met,

    /// <summary>This process cannot show it (the capability is not built, or lives in another host).</summary>
    NotMet,

    /// <summary>The running system contradicts the claim, or its check could not run.</summary>
    Failing,
}

/// <summary>What a live check saw, in one line.</summary>
public sealed record TrustCheckResult(TrustStatus Status, string Evidence)
{
    public static TrustCheckResult Met(string evidence) => new(TrustStatus.Met, evidence);

    public static TrustCheckResult NotMet(string evidence) => new(TrustStatus.NotMet, evidence);

    public static TrustCheckResult Failing(string evidence) => new(TrustStatus.Failing, evidence);
}

public sealed record TrustClaimStatus(TrustClaim Claim, TrustCheckResult Result);

/// <summary>Every claim of the catalogue, in its order, each with its live status.</summary>
public sealed record TrustReport(IReadOnlyList<TrustClaimStatus> Claims, DateTimeOffset EvaluatedAt)
{
    public bool AllMet => Claims.All(c => c.Result.Status == TrustStatus.Met);
}

/// <summary>A live check of one claim, evaluated by the running system.</summary>
public interface ITrustCheck
{
    string ClaimId { get; }

    Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken);
}

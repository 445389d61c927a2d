namespace IdentityOps.Core.Graph.Collection;

/// <summary>What one collection of a scan yielded: its objects, or why it is unavailable.</summary>
/// <param name="Name">The collection, e.g. <c>applications</c>.</param>
/// <param name="Objects">Objects kept (after skipping malformed ones).</param>
/// <param name="UnavailableReason">Why Graph could not give this data (licence, consent, endpoint); null when collected.</param>
/// <param name="Warnings">Objects skipped and why, restarts, fallbacks.</param>
/// <param name="ViaDelta">Whether a stored delta link was followed instead of a full read.</param>
public sealed record CollectionOutcome(string Name, long Objects, string? UnavailableReason, IReadOnlyList<string> Warnings, bool ViaDelta)
{
    /// <summary>Parts of an available collection Graph refused (e.g. <c>signInActivity</c> of users without a licence), with the reason.</summary>
    public IReadOnlyDictionary<string, string> UnavailableParts { get; init; } = new Dictionary<string, string>();

    public bool IsAvailable => UnavailableReason is null;
}

/// <summary>
/// Graph throttled the scan for longer than it waits in process: <see cref="Completed"/> are the collections done
/// (their rows published in the writer), the rest are to be read when the scan resumes after <see cref="RetryAfter"/>.
/// </summary>
public sealed class CollectionDeferredException(IReadOnlyList<CollectionOutcome> completed, TimeSpan retryAfter)
    : Exception($"Microsoft Graph throttled the scan; {completed.Count} collection(s) were done and the rest resume in {retryAfter.TotalSeconds:0.###} s.")
{
    public IReadOnlyList<CollectionOutcome> Completed { get; } = completed;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

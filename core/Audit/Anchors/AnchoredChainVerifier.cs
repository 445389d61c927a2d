namespace IdentityOps.Core.Audit.Anchors;

/// <summary>A chain walked link by link and compared with its latest signed head.</summary>
/// <param name="LatestAnchor">The anchor with the highest sequence whose signature verifies, if any.</param>
/// <param name="AnchorProblem">Why the chain disagrees with its anchors (a deleted tail, a rewritten head, a forged anchor), or null.</param>
public sealed record AnchoredChainReport(AuditChainReport Chain, IAnchoredHead? LatestAnchor, string? AnchorProblem)
{
    public bool IsIntact => Chain.IsIntact && AnchorProblem is null;

    /// <summary>One line for the trust page: "… verified through event N, head anchored at M (time)" or the first problem.</summary>
    public string Describe()
    {
        if (!Chain.IsIntact)
        {
            return $"{Chain.Chain} chain broken: {Chain.Problem}";
        }

        if (AnchorProblem is not null)
        {
            return $"{Chain.Chain} chain: {AnchorProblem}";
        }

        return LatestAnchor is null
            ? $"{Chain.Chain} chain verified through event {Chain.VerifiedThrough}, no head anchored yet"
            : $"{Chain.Chain} chain verified through event {Chain.VerifiedThrough}, head anchored at {LatestAnchor.Sequence} ({LatestAnchor.AnchoredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)";
    }
}

/// <summary>Checks a chain against the anchors of its head.</summary>
public static class AnchoredChainVerifier
{
    public static AnchoredChainReport Verify(string chain, IReadOnlyList<IAuditLink> linksInSequenceOrder, IEnumerable<IAnchoredHead> anchors, AuditAnchorKey key)
    {
        var report = AuditChainVerifier.Verify(chain, linksInSequenceOrder);
        IAnchoredHead? latest = null;
        foreach (var anchor in anchors)
        {
            // A row in the anchor table that the key did not sign is itself evidence of tampering.
            if (!key.Verifies(chain, anchor))
            {
                return new AnchoredChainReport(report, latest, $"the anchor at {anchor.Sequence} does not carry a valid signature of key {key.KeyId}");
            }

            // The highest anchored sequence counts, not the newest row: re-inserting an old, validly
            // signed head cannot make a shortened chain look complete.
            if (latest is null || anchor.Sequence > latest.Sequence)
            {
                latest = anchor;
            }
        }

        if (latest is null)
        {
            return new AnchoredChainReport(report, null, null);
        }

        var lastStored = linksInSequenceOrder.Count == 0 ? 0 : linksInSequenceOrder[^1].Sequence;
        if (lastStored < latest.Sequence)
        {
            return new AnchoredChainReport(report, latest, $"the chain ends at event {lastStored} but its head was anchored at event {latest.Sequence}: the events after {lastStored} were deleted");
        }

        var anchoredLink = linksInSequenceOrder.FirstOrDefault(l => l.Sequence == latest.Sequence);
        if (anchoredLink is null || !anchoredLink.Hash.AsSpan().SequenceEqual(latest.HeadHash))
        {
            return new AnchoredChainReport(report, latest, $"event {latest.Sequence} no longer has the hash its anchored head recorded");
        }

        return new AnchoredChainReport(report, latest, null);
    }
}

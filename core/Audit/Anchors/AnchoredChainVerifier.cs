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

/// <summary>
/// Checks a chain against the signed heads of it: the anchor rows beside it and, when given, heads
/// published outside the database or kept by the customer. A head whose signature does not verify
/// with the public key is itself evidence of tampering; the highest verified head counts, so a
/// deleted tail is detected even when its anchor rows were deleted with it, as long as one head
/// signed before the deletion is held by the verifier.
/// </summary>
public static class AnchoredChainVerifier
{
    public static AnchoredChainReport Verify(
        string chain,
        IReadOnlyList<IAuditLink> linksInSequenceOrder,
        IEnumerable<IAnchoredHead> anchors,
        AuditHeadPublicKey key,
        IEnumerable<SignedAuditHead>? publishedHeads = null)
    {
        var report = AuditChainVerifier.Verify(chain, linksInSequenceOrder);
        IAnchoredHead? latest = null;
        var verified = new List<IAnchoredHead>();
        foreach (var anchor in anchors)
        {
            if (!key.Verifies(chain, anchor))
            {
                return new AnchoredChainReport(report, latest, $"the anchor at {anchor.Sequence} does not carry a valid signature of key {key.KeyId}");
            }

            verified.Add(anchor);
            latest = Higher(latest, anchor);
        }

        foreach (var head in publishedHeads ?? [])
        {
            if (!string.Equals(head.Chain, chain, StringComparison.Ordinal))
            {
                return new AnchoredChainReport(report, latest, $"the published head at {head.Sequence} belongs to {head.Chain}, not to {chain}");
            }

            if (!key.Verifies(head))
            {
                return new AnchoredChainReport(report, latest, $"the published head at {head.Sequence} does not carry a valid signature of key {key.KeyId}");
            }

            verified.Add(head);
            latest = Higher(latest, head);
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

        // Every head, not only the latest, must still be a prefix of the chain: a chain rewritten
        // from some event on and re-anchored still disagrees with the heads signed before.
        var bySequence = new Dictionary<long, IAuditLink>();
        foreach (var link in linksInSequenceOrder)
        {
            bySequence.TryAdd(link.Sequence, link);
        }

        foreach (var head in verified.OrderByDescending(h => h.Sequence))
        {
            if (!bySequence.TryGetValue(head.Sequence, out var headLink) || !headLink.Hash.AsSpan().SequenceEqual(head.HeadHash))
            {
                return new AnchoredChainReport(report, latest, $"event {head.Sequence} no longer has the hash its anchored head recorded");
            }
        }

        return new AnchoredChainReport(report, latest, null);
    }

    // The highest anchored sequence counts, not the newest row: re-inserting an old, validly signed
    // head cannot make a shortened chain look complete.
    private static IAnchoredHead Higher(IAnchoredHead? latest, IAnchoredHead candidate)
        => latest is null || candidate.Sequence > latest.Sequence ? candidate : latest;
}

namespace IdentityOps.Core.Audit;

/// <summary>The result of walking a chain: intact through some position, or broken at the first bad link.</summary>
/// <param name="VerifiedThrough">The last sequence number whose link verified (0 for an empty chain).</param>
/// <param name="FirstBrokenSequence">The first position that does not verify, or null when the chain is intact.</param>
public sealed record AuditChainReport(string Chain, long VerifiedThrough, long? FirstBrokenSequence, string? Problem)
{
    public bool IsIntact => FirstBrokenSequence is null;
}

/// <summary>Walks a chain in sequence order and reports the first link that is missing, edited or out of place.</summary>
public static class AuditChainVerifier
{
    public static AuditChainReport Verify(string chain, IEnumerable<IAuditLink> linksInSequenceOrder)
    {
        byte[] previous = AuditHashing.Genesis.ToArray();
        long expectedSequence = 1;

        foreach (var link in linksInSequenceOrder)
        {
            if (link.Sequence != expectedSequence)
            {
                return Broken(chain, expectedSequence, $"link {expectedSequence} is missing (next stored link is {link.Sequence})");
            }

            if (!link.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                return Broken(chain, link.Sequence, $"link {link.Sequence} does not point at the hash of link {link.Sequence - 1}");
            }

            var recomputed = AuditHashing.ComputeHash(chain, link);
            if (!recomputed.AsSpan().SequenceEqual(link.Hash))
            {
                return Broken(chain, link.Sequence, $"link {link.Sequence} was altered: its content no longer matches its hash");
            }

            previous = link.Hash;
            expectedSequence++;
        }

        return new AuditChainReport(chain, expectedSequence - 1, null, null);
    }

    private static AuditChainReport Broken(string chain, long position, string problem)
        => new(chain, position - 1, position, problem);
}

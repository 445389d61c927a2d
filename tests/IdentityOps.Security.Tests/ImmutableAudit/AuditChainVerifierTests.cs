using IdentityOps.Core.Audit;
using IdentityOps.Core.Trust;

namespace IdentityOps.Security.Tests.ImmutableAudit;

[Trait("Claim", TrustClaimIds.ImmutableAudit)]
public sealed class AuditChainVerifierTests
{
    private const string Chain = "tenant:00000000-0000-0000-0000-00000000000a";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_empty_chain_is_intact_through_zero()
    {
        var report = AuditChainVerifier.Verify(Chain, []);
        Assert.True(report.IsIntact);
        Assert.Equal(0, report.VerifiedThrough);
    }

    [Fact]
    public void A_chain_built_by_the_hashing_rules_verifies()
    {
        Assert.True(AuditChainVerifier.Verify(Chain, Build(4)).IsIntact);
    }

    [Fact]
    public void A_link_moved_to_another_chain_does_not_verify_there()
    {
        var report = AuditChainVerifier.Verify("tenant:00000000-0000-0000-0000-00000000000b", Build(2));
        Assert.Equal(1, report.FirstBrokenSequence);
    }

    [Fact]
    public void Links_out_of_order_are_reported_at_the_first_missing_position()
    {
        var links = Build(3);
        var report = AuditChainVerifier.Verify(Chain, [links[0], links[2], links[1]]);
        Assert.Equal(2, report.FirstBrokenSequence);
    }

    [Fact]
    public void A_forged_link_with_a_correctly_recomputed_hash_breaks_the_link_after_it()
    {
        var links = Build(4);
        var original = links[1];
        var forgedEntry = new AuditEntry("user:forger", original.Action, original.Target, original.Outcome, original.Source);
        links[1] = new AuditEvent
        {
            TenantId = original.TenantId,
            Sequence = original.Sequence,
            OccurredAt = original.OccurredAt,
            Actor = forgedEntry.Actor,
            Action = forgedEntry.Action,
            Target = forgedEntry.Target,
            Outcome = forgedEntry.Outcome,
            Source = forgedEntry.Source,
            PreviousHash = original.PreviousHash,
            Hash = AuditHashing.ComputeHash(Chain, original.Sequence, original.OccurredAt, forgedEntry, original.PreviousHash),
        };

        var report = AuditChainVerifier.Verify(Chain, links);

        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Contains("does not point at", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_content_that_looks_like_a_separator_cannot_forge_another_event()
    {
        // With naive concatenation "a|b" + "c" and "a" + "b|c" collide; canonical JSON does not.
        var one = AuditHashing.ComputeHash(Chain, 1, Start, new AuditEntry("a\",\"Action\":\"b", "c", "t", "succeeded", "web"), AuditHashing.Genesis);
        var two = AuditHashing.ComputeHash(Chain, 1, Start, new AuditEntry("a", "b\",\"Action\":\"c", "t", "succeeded", "web"), AuditHashing.Genesis);
        Assert.NotEqual(one, two);
    }

    private static List<AuditEvent> Build(int count)
    {
        var links = new List<AuditEvent>();
        var previous = AuditHashing.Genesis.ToArray();
        for (long sequence = 1; sequence <= count; sequence++)
        {
            var entry = new AuditEntry("user:a", $"action.{sequence}", "target", "succeeded", "test");
            var at = Start.AddMinutes(sequence);
            var hash = AuditHashing.ComputeHash(Chain, sequence, at, entry, previous);
            links.Add(new AuditEvent
            {
                TenantId = Guid.Empty,
                Sequence = sequence,
                OccurredAt = at,
                Actor = entry.Actor,
                Action = entry.Action,
                Target = entry.Target,
                Outcome = entry.Outcome,
                Source = entry.Source,
                PreviousHash = previous,
                Hash = hash,
            });
            previous = hash;
        }

        return links;
    }
}

using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Audit.AnchorAuditHeads;

/// <summary>
/// Anchors the current tenant's audit chain head (its count and hash, signed with the audit head key)
/// in <c>audit_anchors</c> and publishes the signed head to every configured head store, and checks
/// the chain against its anchors and its latest published head. The scan worker anchors after every
/// scan, so a tenant's head is anchored at least as often as the tenant is scanned.
/// </summary>
public sealed class AnchorTenantAuditHeadCommand(IdentityOpsDbContext db, AuditHeadKeySource keys, IEnumerable<IAuditHeadStore> stores, TimeProvider time)
{
    /// <summary>The new anchor; null when the chain is empty, its head is already anchored, or this process holds no signing key.</summary>
    public Task<AuditAnchor?> AnchorAsync(CancellationToken cancellationToken)
    {
        var tenantId = RequireTenant();
        if (keys.Signer is not { } signer)
        {
            return Task.FromResult<AuditAnchor?>(null);
        }

        return db.InTenantTransactionAsync(
            async ct =>
            {
                // The appenders' lock: the head read here is the head, not one about to be superseded mid-anchor.
                var chain = AuditHashing.TenantChain(tenantId);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({chain}, 0))", ct);
                var head = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
                if (head is null || await db.AuditAnchors.AnyAsync(a => a.Sequence >= head.Sequence, ct))
                {
                    return null;
                }

                var signed = await SignedAuditHead.SignAsync(signer, chain, head.Sequence, head.Hash, time.GetUtcNow(), ct);

                // Published before the anchor row commits: a head outside the database never lags
                // the one inside it (a failed commit leaves a published head of events that exist).
                foreach (var store in stores)
                {
                    await store.PublishAsync(signed, ct);
                }

                var anchor = new AuditAnchor
                {
                    TenantId = tenantId,
                    Sequence = signed.Sequence,
                    HeadHash = signed.HeadHash,
                    AnchoredAt = signed.AnchoredAt,
                    SignedBy = signed.KeyId,
                    Signature = signed.Signature,
                };
                db.AuditAnchors.Add(anchor);
                await db.SaveChangesAsync(ct);
                return anchor;
            },
            cancellationToken);
    }

    /// <summary>Walks the current tenant's chain and compares it with its anchors and its latest published head.</summary>
    public Task<AnchoredChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var tenantId = RequireTenant();
        var key = keys.PublicKey ?? throw new InvalidOperationException(keys.Problem);
        var chain = AuditHashing.TenantChain(tenantId);
        return db.InTenantTransactionAsync(
            async ct =>
            {
                var links = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(ct);
                var anchors = await db.AuditAnchors.AsNoTracking().ToListAsync(ct);
                var published = new List<SignedAuditHead>();
                foreach (var store in stores)
                {
                    if (await store.LatestAsync(chain, ct) is { } latest)
                    {
                        published.Add(latest);
                    }
                }

                return AnchoredChainVerifier.Verify(chain, links, anchors, key, published);
            },
            cancellationToken);
    }

    private Guid RequireTenant()
        => db.CurrentTenantId ?? throw new TenantIsolationException("An audit chain's anchor needs the tenant it belongs to.");
}

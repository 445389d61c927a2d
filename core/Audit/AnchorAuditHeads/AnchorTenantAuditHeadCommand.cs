using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Audit.AnchorAuditHeads;

/// <summary>
/// Anchors the current tenant's audit chain head (its count and hash, signed with the anchor key)
/// in <c>audit_anchors</c>, and checks the chain against its anchors. The scan worker anchors after
/// every scan, so a tenant's head is anchored at least as often as the tenant is scanned.
/// </summary>
public sealed class AnchorTenantAuditHeadCommand(IdentityOpsDbContext db, AuditAnchorKeySource keys, TimeProvider time)
{
    /// <summary>The new anchor; null when the chain is empty, its head is already anchored, or no key is configured.</summary>
    public Task<AuditAnchor?> AnchorAsync(CancellationToken cancellationToken)
    {
        var tenantId = RequireTenant();
        if (keys.Key is not { } key)
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

                var anchoredAt = AuditHashing.ToStoredPrecision(time.GetUtcNow());
                var anchor = new AuditAnchor
                {
                    TenantId = tenantId,
                    Sequence = head.Sequence,
                    HeadHash = head.Hash,
                    AnchoredAt = anchoredAt,
                    SignedBy = key.KeyId,
                    Signature = key.Sign(chain, head.Sequence, head.Hash, anchoredAt),
                };
                db.AuditAnchors.Add(anchor);
                await db.SaveChangesAsync(ct);
                return anchor;
            },
            cancellationToken);
    }

    /// <summary>Walks the current tenant's chain and compares it with its latest anchored head.</summary>
    public Task<AnchoredChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var tenantId = RequireTenant();
        var key = keys.Key ?? throw new InvalidOperationException(keys.Problem);
        return db.InTenantTransactionAsync(
            async ct =>
            {
                var links = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(ct);
                var anchors = await db.AuditAnchors.AsNoTracking().ToListAsync(ct);
                return AnchoredChainVerifier.Verify(AuditHashing.TenantChain(tenantId), links, anchors, key);
            },
            cancellationToken);
    }

    private Guid RequireTenant()
        => db.CurrentTenantId ?? throw new TenantIsolationException("An audit chain's anchor needs the tenant it belongs to.");
}

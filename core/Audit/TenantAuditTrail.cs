using System.Security.Cryptography;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Audit;

/// <summary>
/// Appends to and verifies the current tenant's audit chain. An append joins the caller's
/// transaction when there is one, so a state change and its audit event commit together.
/// </summary>
public sealed class TenantAuditTrail(IdentityOpsDbContext db, TimeProvider time)
{
    public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId
            ?? throw new TenantIsolationException("An audit event needs the tenant it belongs to.");

        return db.InTenantTransactionAsync(
            async ct =>
            {
                // One writer per chain at a time: the lock ends with the transaction, and the next
                // writer reads the head this one wrote.
                var chain = AuditHashing.TenantChain(tenantId);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({chain}, 0))", ct);

                var head = await db.AuditEvents
                    .OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash })
                    .FirstOrDefaultAsync(ct);

                var sequence = (head?.Sequence ?? 0) + 1;
                var previousHash = head?.Hash ?? new byte[SHA256.HashSizeInBytes];
                var occurredAt = AuditHashing.ToStoredPrecision(time.GetUtcNow());
                var auditEvent = new AuditEvent
                {
                    TenantId = tenantId,
                    Sequence = sequence,
                    OccurredAt = occurredAt,
                    Actor = entry.Actor,
                    Action = entry.Action,
                    Target = entry.Target,
                    Outcome = entry.Outcome,
                    Source = entry.Source,
                    PreviousHash = previousHash,
                    Hash = AuditHashing.ComputeHash(chain, sequence, occurredAt, entry, previousHash),
                };

                db.AuditEvents.Add(auditEvent);
                await db.SaveChangesAsync(ct);
                return auditEvent;
            },
            cancellationToken);
    }

    /// <summary>Walks the whole chain of the current tenant and reports the first broken link.</summary>
    public Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId
            ?? throw new TenantIsolationException("Verifying an audit chain needs the tenant it belongs to.");

        return db.InTenantTransactionAsync(
            async ct =>
            {
                var links = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(ct);
                return AuditChainVerifier.Verify(AuditHashing.TenantChain(tenantId), links);
            },
            cancellationToken);
    }
}

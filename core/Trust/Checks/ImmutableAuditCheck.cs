using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>
/// Immutable audit: the append-only triggers are in place on every chain and anchor table, and each
/// chain this process can read (the operators' on the purge role's connection; the signed-in tenant's,
/// when there is one) verifies link by link and against its latest signed head.
/// </summary>
public sealed class ImmutableAuditCheck(DatabaseCatalog catalog, AuditHeadKeySource keys, IEnumerable<IAuditHeadStore> headStores, IdentityOpsDbContext db, IServiceProvider services) : ITrustCheck
{
    public static IReadOnlyList<string> AppendOnlyTables { get; } = ["audit_events", "operator_audit_events", "audit_anchors", "operator_audit_anchors"];

    public string ClaimId => TrustClaimIds.ImmutableAudit;

    public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        var guarded = await catalog.AppendOnlyTriggersAsync(AppendOnlyTables, cancellationToken);
        if (guarded != AppendOnlyTables.Count)
        {
            return TrustCheckResult.Failing($"append-only triggers active on {guarded} of {AppendOnlyTables.Count} audit tables");
        }

        if (keys.PublicKey is not { } key)
        {
            return TrustCheckResult.NotMet($"append-only on {AppendOnlyTables.Count} audit tables, but heads are not anchored: {keys.Problem}");
        }

        var reports = new List<AnchoredChainReport>();
        if (services.GetService<PurgeDataSource>() is { } purge)
        {
            reports.Add(await OperatorAuditAnchors.VerifyAsync(purge, key, headStores, cancellationToken));
        }

        if (db.CurrentTenantId is not null)
        {
            reports.Add(await services.GetRequiredService<AnchorTenantAuditHeadCommand>().VerifyAsync(cancellationToken));
        }

        if (reports.Count == 0)
        {
            return TrustCheckResult.NotMet($"append-only on {AppendOnlyTables.Count} audit tables; no chain readable in this process");
        }

        var stores = headStores.ToList();
        var published = stores.Count == 0 ? "heads not published outside PostgreSQL (no AuditAnchors:HeadStore)" : $"heads published to {string.Join(", ", stores.Select(s => s.Location))}";
        var evidence = $"append-only on {AppendOnlyTables.Count} audit tables; {string.Join("; ", reports.Select(r => r.Describe()))}; heads signed with ECDSA P-256 key {key.KeyId}; {published}";
        return reports.All(r => r.IsIntact) ? TrustCheckResult.Met(evidence) : TrustCheckResult.Failing(evidence);
    }
}

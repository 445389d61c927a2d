using IdentityOps.Core.Persistence;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>
/// Tenant isolation, read from the running database's catalog (security-pitfalls 1–3): row-level
/// security forced on every tenant table with a policy that reads an empty setting as no tenant,
/// and an application role that owns nothing and cannot TRUNCATE.
/// </summary>
public sealed class TenantIsolationCheck(DatabaseCatalog catalog, RowLevelSecurityStatusQuery rowLevelSecurity) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.TenantIsolation;

    public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        var rls = await rowLevelSecurity.GetAsync(cancellationToken);
        var (withoutNullIfPolicy, truncatable, owned) = await catalog.TenantIsolationAsync(cancellationToken);

        var evidence = $"row-level security forced on {rls.ProtectedTables} of {rls.TenantTables} tenant tables; {rls.TenantTables - withoutNullIfPolicy} with the empty-setting-safe tenant policy for the application role alone; application role: TRUNCATE on {truncatable} tables, owns {owned}";
        return rls.AllProtected && withoutNullIfPolicy == 0 && truncatable == 0 && owned == 0
            ? TrustCheckResult.Met(evidence)
            : TrustCheckResult.Failing(evidence);
    }
}

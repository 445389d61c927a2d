using IdentityOps.Core.Persistence;
using Npgsql;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>
/// Tenant isolation, read from the running database's catalog (security-pitfalls 1–3): row-level
/// security forced on every tenant table with a policy that reads an empty setting as no tenant,
/// and an application role that owns nothing and cannot TRUNCATE.
/// </summary>
public sealed class TenantIsolationCheck(NpgsqlDataSource dataSource, RowLevelSecurityStatusQuery rowLevelSecurity) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.TenantIsolation;

    public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        var rls = await rowLevelSecurity.GetAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"""
            WITH tenant_tables AS (
                SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r'
                  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
            SELECT
                (SELECT count(*) FROM tenant_tables t WHERE NOT EXISTS (
                    SELECT 1 FROM pg_policy p WHERE p.polrelid = t.oid AND p.polname = 'tenant_isolation'
                      AND pg_get_expr(p.polqual, p.polrelid) LIKE '%NULLIF%')),
                (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND has_table_privilege('{DatabaseRoles.Application}', c.oid, 'TRUNCATE')),
                (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND pg_has_role('{DatabaseRoles.Application}', c.relowner, 'USAGE'))
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (withoutNullIfPolicy, truncatable, owned) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));

        var evidence = $"row-level security forced on {rls.ProtectedTables} of {rls.TenantTables} tenant tables; {rls.TenantTables - withoutNullIfPolicy} with the empty-setting-safe tenant policy; application role: TRUNCATE on {truncatable} tables, owns {owned}";
        return rls.AllProtected && withoutNullIfPolicy == 0 && truncatable == 0 && owned == 0
            ? TrustCheckResult.Met(evidence)
            : TrustCheckResult.Failing(evidence);
    }
}

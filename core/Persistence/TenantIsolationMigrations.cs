using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// The SQL that makes a table a tenant table, for migrations to call. Written once here so that
/// every table gets the same policy; the schema tests read the live catalog to check each did.
/// </summary>
public static class TenantIsolationMigrations
{
    // NULLIF: after a transaction-local set_config commits, the setting reads back as '' for the
    // rest of the session, and ''::uuid would raise. An empty setting must mean "no tenant": no rows.
    public const string CurrentTenant = $"NULLIF(current_setting('{DatabaseRoles.TenantSetting}', true), '')::uuid";

    /// <summary>
    /// Forces row-level security on a tenant table (the owner is subject to it too), adds the
    /// tenant policy, and grants the application role exactly the given privileges (never TRUNCATE,
    /// which ignores RLS). The purge role may read, to count what it deletes for the receipt.
    /// </summary>
    public static void ProtectTenantTable(this MigrationBuilder migration, string table, string applicationPrivileges = "SELECT, INSERT, UPDATE, DELETE")
    {
        migration.Sql($"""
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON {table}
                USING (tenant_id = {CurrentTenant})
                WITH CHECK (tenant_id = {CurrentTenant});
            REVOKE ALL ON {table} FROM PUBLIC;
            GRANT {applicationPrivileges} ON {table} TO {DatabaseRoles.Application};
            GRANT SELECT ON {table} TO {DatabaseRoles.Purge};
            """);
    }

    /// <summary>Makes a table append-only for everyone, superusers included, unless they disable its triggers.</summary>
    /// <param name="allowPurgeCascade">
    /// Whether rows may go when their tenant is purged. The cascade from <c>tenants</c> runs inside
    /// the foreign key's own trigger (depth above 1); a direct DELETE runs at depth 1 and is refused.
    /// </param>
    public static void MakeAppendOnly(this MigrationBuilder migration, string table, bool allowPurgeCascade)
    {
        var cascadeClause = allowPurgeCascade
            ? "IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN RETURN OLD; END IF;"
            : string.Empty;
        migration.Sql($"""
            CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                {cascadeClause}
                RAISE EXCEPTION '{table} is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
            CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only();
            """);
    }
}

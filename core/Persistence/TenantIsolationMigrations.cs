using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// The SQL that makes a table a tenant table, for migrations to call. Written once here so that
/// every table gets the same policies; the schema tests read the live catalog to check each did.
/// </summary>
public static class TenantIsolationMigrations
{
    // NULLIF: after a transaction-local set_config commits, the setting reads back as '' for the
    // rest of the session, and ''::uuid would raise. An empty setting must mean "no tenant": no rows.
    public const string CurrentTenant = $"NULLIF(current_setting('{DatabaseRoles.TenantSetting}', true), '')::uuid";

    /// <summary>In SQL given to <see cref="SqlWithRoles"/>: the connected database's application role.</summary>
    public const string App = "@app_role";

    /// <summary>In SQL given to <see cref="SqlWithRoles"/>: the connected database's purge role.</summary>
    public const string Purge = "@purge_role";

    /// <summary>In SQL given to <see cref="SqlWithRoles"/>: the connected database's scheduler role.</summary>
    public const string Scheduler = "@scheduler_role";

    /// <summary>In SQL given to <see cref="SqlWithRoles"/>: the connected database itself.</summary>
    public const string Database = "@database";

    /// <summary>
    /// A tenant's purge is due: it is offboarding and its purge date has passed by the database's own
    /// clock. "Delete everything now" is the same state, set by the tenant's admin through the
    /// application role (which reaches only its own tenant's row): offboarding, purge date = the moment
    /// of confirmation. Nothing else lets the purge role see a tenant.
    /// </summary>
    public const string PurgeDue = "status = 'Offboarding' AND purge_after <= now()";

    /// <summary>
    /// Runs <paramref name="sql"/> with the database's own role names (<see cref="DatabaseRoles"/>): a
    /// migration cannot know which database it runs in, so the names are derived from
    /// <c>current_database()</c> and spliced in with <c>format('%I')</c>. <paramref name="sql"/> names
    /// them as <see cref="App"/>, <see cref="Purge"/>, <see cref="Scheduler"/> and <see cref="Database"/>.
    /// </summary>
    public static void SqlWithRoles(this MigrationBuilder migration, string sql)
    {
        var template = sql.Replace("%", "%%", StringComparison.Ordinal)
            .Replace(App, "%1$I", StringComparison.Ordinal)
            .Replace(Purge, "%2$I", StringComparison.Ordinal)
            .Replace(Scheduler, "%3$I", StringComparison.Ordinal)
            .Replace(Database, "%4$I", StringComparison.Ordinal);
        migration.Sql($"""
            DO $roles$ BEGIN
              EXECUTE format($sql$
            {template}
              $sql$,
                current_database() || '{DatabaseRoles.ApplicationSuffix}',
                current_database() || '{DatabaseRoles.PurgeSuffix}',
                current_database() || '{DatabaseRoles.SchedulerSuffix}',
                current_database());
            END $roles$;
            """);
    }

    /// <summary>
    /// Forces row-level security on a tenant table (the owner is subject to it too) and adds its two
    /// policies, each for one role only: <c>tenant_isolation</c> for the application role, which gets
    /// exactly the given privileges (never TRUNCATE, which ignores RLS); and <c>purge_counts_due</c> for
    /// the purge role, which may count the rows of a tenant whose purge is due, for the receipt, and
    /// read no other column than <c>tenant_id</c> (no token-cache ciphertext, no tenant data). The
    /// cascade from <c>tenants</c> deletes the rows, as the table owner.
    /// </summary>
    public static void ProtectTenantTable(this MigrationBuilder migration, string table, string applicationPrivileges = "SELECT, INSERT, UPDATE, DELETE")
    {
        migration.SqlWithRoles($"""
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON {table} TO {App}
                USING (tenant_id = {CurrentTenant})
                WITH CHECK (tenant_id = {CurrentTenant});
            CREATE POLICY purge_counts_due ON {table} FOR SELECT TO {Purge}
                USING (tenant_id = {CurrentTenant} AND EXISTS (SELECT 1 FROM tenants due WHERE due.id = {table}.tenant_id));
            REVOKE ALL ON {table} FROM PUBLIC;
            GRANT {applicationPrivileges} ON {table} TO {App};
            GRANT SELECT (tenant_id) ON {table} TO {Purge};
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

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <summary>
    /// The database's wall between tenants, the job roles' narrow cross-tenant views, and the
    /// append-only audit tables. See docs/data-model.md. Hand-written.
    /// </summary>
    public partial class TenantIsolationAndAudit : Migration
    {
        private static readonly string[] ReadWriteTenantTables =
        [
            "team_members", "activity_entries", "alert_configurations", "scans",
            "applications", "service_principals", "credentials", "owners", "delegated_grants",
            "app_role_assignments", "role_definitions", "role_assignments", "users",
            "sign_in_daily_summaries", "mfa_registrations", "tenant_policies", "findings",
            "server_sessions", "token_cache_entries",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("REVOKE ALL ON SCHEMA public FROM PUBLIC;");
            migrationBuilder.Sql($"GRANT USAGE ON SCHEMA public TO {DatabaseRoles.Application}, {DatabaseRoles.Purge}, {DatabaseRoles.Scheduler};");

            // tenants: the root. The application sees only its own row and may never delete it;
            // the purge sees only tenants in offboarding, the scheduler only active ones.
            migrationBuilder.Sql($"""
                ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
                ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
                CREATE POLICY tenant_isolation ON tenants
                    USING (id = {TenantIsolationMigrations.CurrentTenant})
                    WITH CHECK (id = {TenantIsolationMigrations.CurrentTenant});
                CREATE POLICY purge_sees_offboarding ON tenants FOR ALL TO {DatabaseRoles.Purge}
                    USING (status IN ('Offboarding', 'Purged'))
                    WITH CHECK (status IN ('Offboarding', 'Purged'));
                CREATE POLICY scheduler_sees_active ON tenants FOR SELECT TO {DatabaseRoles.Scheduler}
                    USING (status = 'Active');
                REVOKE ALL ON tenants FROM PUBLIC;
                GRANT SELECT, INSERT, UPDATE ON tenants TO {DatabaseRoles.Application};
                GRANT SELECT, UPDATE, DELETE ON tenants TO {DatabaseRoles.Purge};
                GRANT SELECT ON tenants TO {DatabaseRoles.Scheduler};
                """);

            foreach (var table in ReadWriteTenantTables)
            {
                migrationBuilder.ProtectTenantTable(table);
            }

            // The scheduler decides whose digests are due without acting as any one tenant.
            migrationBuilder.Sql($"""
                CREATE POLICY scheduler_reads_alerts ON alert_configurations FOR SELECT TO {DatabaseRoles.Scheduler}
                    USING (true);
                GRANT SELECT ON alert_configurations TO {DatabaseRoles.Scheduler};
                """);

            migrationBuilder.ProtectTenantTable("audit_events", applicationPrivileges: "SELECT, INSERT");
            migrationBuilder.MakeAppendOnly("audit_events", allowPurgeCascade: true);

            migrationBuilder.Sql($"""
                REVOKE ALL ON operator_audit_events FROM PUBLIC;
                GRANT SELECT, INSERT ON operator_audit_events TO {DatabaseRoles.Purge};
                """);
            migrationBuilder.MakeAppendOnly("operator_audit_events", allowPurgeCascade: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "audit_events", "operator_audit_events" })
            {
                migrationBuilder.Sql($"""
                    DROP TRIGGER {table}_append_only ON {table};
                    DROP TRIGGER {table}_no_truncate ON {table};
                    DROP FUNCTION {table}_append_only();
                    """);
            }

            foreach (var table in ReadWriteTenantTables.Append("audit_events"))
            {
                migrationBuilder.Sql($"DROP POLICY tenant_isolation ON {table}; ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY; ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;");
            }

            migrationBuilder.Sql("""
                DROP POLICY scheduler_reads_alerts ON alert_configurations;
                DROP POLICY scheduler_sees_active ON tenants;
                DROP POLICY purge_sees_offboarding ON tenants;
                DROP POLICY tenant_isolation ON tenants;
                ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY;
                ALTER TABLE tenants DISABLE ROW LEVEL SECURITY;
                """);
        }
    }
}

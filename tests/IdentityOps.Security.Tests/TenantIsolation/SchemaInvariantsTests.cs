using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>
/// The tenant invariants, read from the live catalog of a migrated database: a table added later
/// that skips one of them fails here, with no list of tables to update.
/// </summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class SchemaInvariantsTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Every_tenant_table_has_a_non_null_tenant_id_leading_its_primary_key()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var tables = await SchemaCatalog.TenantTablesAsync(connection);
        Assert.True(tables.Count >= 20, $"expected the full schema, found {tables.Count} tenant tables");

        var offenders = new List<string>();
        foreach (var table in tables)
        {
            var tenantColumn = await SchemaCatalog.ListAsync<string>(connection, """
                SELECT data_type FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = @t AND column_name = 'tenant_id' AND is_nullable = 'NO'
                """, ("t", table));
            if (tenantColumn is not ["uuid"])
            {
                offenders.Add($"{table}: no non-null uuid tenant_id");
            }

            var leadingKeyColumn = await SchemaCatalog.ListAsync<string>(connection, """
                SELECT a.attname FROM pg_constraint k
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                WHERE k.conrelid = @t::regclass AND k.contype = 'p'
                """, ("t", table));
            if (leadingKeyColumn is not ["tenant_id"])
            {
                offenders.Add($"{table}: primary key is not led by tenant_id");
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public async Task Every_tenant_table_reaches_tenants_through_cascading_foreign_keys_that_carry_tenant_id()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);

        // Edges child -> parent of every cascading key whose child tenant_id maps to the parent's
        // tenant (tenant_id, or id on tenants): following them, the purge of one tenants row reaches
        // the row, and only rows of that tenant.
        var edges = await SchemaCatalog.PairsAsync(connection, """
            SELECT k.conrelid::regclass::text, k.confrelid::regclass::text
            FROM pg_constraint k
            JOIN pg_namespace n ON n.oid = k.connamespace
            WHERE k.contype = 'f' AND n.nspname = 'public' AND k.confdeltype = 'c'
              AND EXISTS (
                  SELECT 1 FROM unnest(k.conkey, k.confkey) AS pair(child, parent)
                  JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = pair.child
                  JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = pair.parent
                  WHERE ca.attname = 'tenant_id'
                    AND pa.attname = CASE WHEN k.confrelid = 'tenants'::regclass THEN 'id' ELSE 'tenant_id' END)
            """);
        var parents = edges.ToLookup(e => e.A, e => e.B);

        var offenders = new List<string>();
        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { table };
            var frontier = new Queue<string>([table]);
            while (frontier.TryDequeue(out var current) && !seen.Contains("tenants"))
            {
                foreach (var parent in parents[current].Where(seen.Add))
                {
                    frontier.Enqueue(parent);
                }
            }

            if (!seen.Contains("tenants"))
            {
                offenders.Add(table);
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public async Task The_tables_a_scan_bulk_loads_check_one_foreign_key_per_row_the_composite_one_to_their_scan()
    {
        // A direct key to tenants as well would double the per-row referential checks that make up
        // most of a scan's load time (BENCHMARKS.md) and add nothing the key to scans does not give.
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        foreach (var table in InventoryTables.All.Select(t => t.Name))
        {
            var keys = await SchemaCatalog.ListAsync<string>(connection,
                "SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND conrelid = @t::regclass", ("t", table));
            Assert.True(keys is ["scans"], $"{table} references [{string.Join(", ", keys)}], expected only scans");
        }
    }

    [Fact]
    public async Task Every_foreign_key_between_tenant_tables_includes_tenant_id_on_both_sides()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var foreignKeys = await SchemaCatalog.PairsAsync(connection, """
            SELECT k.conname,
                   CASE WHEN EXISTS (
                            SELECT 1 FROM unnest(k.conkey, k.confkey) AS pair(child, parent)
                            JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = pair.child
                            JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = pair.parent
                            WHERE ca.attname = 'tenant_id' AND pa.attname = 'tenant_id')
                        THEN 'composite' ELSE 'single' END
            FROM pg_constraint k
            JOIN pg_namespace n ON n.oid = k.connamespace
            WHERE k.contype = 'f' AND n.nspname = 'public' AND k.confrelid <> 'tenants'::regclass
            """);

        Assert.NotEmpty(foreignKeys);
        Assert.All(foreignKeys, fk => Assert.True(fk.B == "composite", $"{fk.A} does not pair tenant_id with tenant_id"));
    }

    [Fact]
    public async Task Every_tenant_table_forces_row_level_security_with_a_policy_that_reads_an_empty_setting_as_no_tenant()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var offenders = new List<string>();
        foreach (var table in (await SchemaCatalog.TenantTablesAsync(connection)).Append("tenants"))
        {
            var forced = await SchemaCatalog.ScalarAsync<bool>(connection,
                "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = @t::regclass", ("t", table));
            if (!forced)
            {
                offenders.Add($"{table}: row-level security not enabled and forced");
            }

            var column = table == "tenants" ? "id" : "tenant_id";
            var expected = $"({column} = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)";
            var policy = await SchemaCatalog.PairsAsync(connection,
                "SELECT qual, with_check FROM pg_policies WHERE schemaname = 'public' AND tablename = @t AND policyname = 'tenant_isolation' AND roles = ARRAY[@app]::name[] AND cmd = 'ALL'",
                ("t", table), ("app", Roles.Application));
            if (policy is not [var (qual, check)] || qual != expected || check != expected)
            {
                offenders.Add($"{table}: no tenant_isolation policy of the form {expected} for {Roles.Application} alone");
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public async Task Policies_other_than_tenant_isolation_apply_only_to_the_named_job_roles()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var others = await SchemaCatalog.PairsAsync(connection,
            "SELECT tablename || '.' || policyname, array_to_string(roles, ',') FROM pg_policies WHERE schemaname = 'public' AND policyname <> 'tenant_isolation'");

        // The one exception: the application role finds a server session by the hash of the id the
        // browser presents, before it knows the tenant (migration ServerSessionLookupByIdHash).
        var sessionLookup = "server_sessions.session_lookup_by_id_hash";
        Assert.Contains(others, p => p.A == sessionLookup && p.B == Roles.Application);
        Assert.All(others.Where(p => p.A != sessionLookup), p => Assert.Contains(p.B, new[] { Roles.Purge, Roles.Scheduler }));

        // Every purge policy on a tenant table admits only rows of a tenant whose purge is due, under the tenant setting.
        var purgePolicies = await SchemaCatalog.PairsAsync(connection,
            "SELECT tablename, qual FROM pg_policies WHERE schemaname = 'public' AND roles = ARRAY[@purge]::name[] AND tablename <> 'tenants'",
            ("purge", Roles.Purge));
        Assert.Equal((await SchemaCatalog.TenantTablesAsync(connection)).Order(), purgePolicies.Select(p => p.A).Order());
        Assert.All(purgePolicies, p => Assert.Contains("FROM tenants due", p.B, StringComparison.Ordinal));

        var lookup = await SchemaCatalog.PairsAsync(connection,
            "SELECT cmd, qual FROM pg_policies WHERE schemaname = 'public' AND tablename = 'server_sessions' AND policyname = 'session_lookup_by_id_hash' AND permissive = 'PERMISSIVE'");
        var (command, qual) = Assert.Single(lookup);
        Assert.Equal("SELECT", command);
        Assert.Equal($"(id_hash = decode(NULLIF(current_setting('{DatabaseRoles.SessionIdHashSetting}'::text, true), ''::text), 'hex'::text))", qual);
    }

    [Fact]
    public async Task The_application_role_has_exactly_its_privileges_and_never_truncate_or_ownership()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var grants = await SchemaCatalog.PairsAsync(connection, """
            SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type)
            FROM information_schema.role_table_grants
            WHERE grantee = @role AND table_schema = 'public'
            GROUP BY table_name
            """, ("role", Roles.Application));
        var byTable = grants.ToDictionary(g => g.A, g => g.B);

        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            var expected = table is "audit_events" or "audit_anchors" ? "INSERT,SELECT" : "DELETE,INSERT,SELECT,UPDATE";
            Assert.True(byTable.TryGetValue(table, out var actual) && actual == expected, $"{table}: application role has '{actual}', expected '{expected}'");
        }

        Assert.Equal("INSERT,SELECT,UPDATE", byTable["tenants"]);
        Assert.False(byTable.ContainsKey("operator_audit_events"));
        Assert.False(byTable.ContainsKey("operator_audit_anchors"));
        Assert.False(byTable.ContainsKey("__EFMigrationsHistory"));

        var owned = await SchemaCatalog.ScalarAsync<long>(connection,
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_has_role(@role, c.relowner, 'USAGE')",
            ("role", Roles.Application));
        Assert.Equal(0, owned);

        var login = DatabaseRoles.LoginOf(Roles.Application);
        var bypass = await SchemaCatalog.ScalarAsync<bool>(connection, "SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = @r", ("r", login));
        Assert.False(bypass);
    }

    [Fact]
    public async Task Truncate_as_the_application_role_is_refused()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.Provisioned.ApplicationConnectionString);
        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => SchemaCatalog.ExecuteAsync(connection, $"TRUNCATE {table} CASCADE"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    [Fact]
    public async Task The_job_roles_hold_only_what_their_jobs_need()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var grants = await SchemaCatalog.PairsAsync(connection, """
            SELECT grantee || ':' || table_name, string_agg(privilege_type, ',' ORDER BY privilege_type)
            FROM information_schema.role_table_grants
            WHERE grantee IN (@purge, @scheduler) AND table_schema = 'public'
            GROUP BY grantee, table_name
            """, ("purge", Roles.Purge), ("scheduler", Roles.Scheduler));
        var expected = new Dictionary<string, string>
        {
            [$"{Roles.Purge}:tenants"] = "DELETE",
            [$"{Roles.Purge}:operator_audit_anchors"] = "INSERT,SELECT",
            [$"{Roles.Purge}:operator_audit_events"] = "INSERT,SELECT",
            [$"{Roles.Purge}:deletion_receipts"] = "INSERT,SELECT",
        };
        Assert.Equal(expected.OrderBy(e => e.Key), grants.ToDictionary(g => g.A, g => g.B).OrderBy(e => e.Key));

        // Column by column: the purge reads tenant_id to count a due tenant's rows and the three columns that
        // say whether a tenant is due; the scheduler which active tenants have alert settings. Nothing else:
        // no token-cache ciphertext, no recipient, no tenant data.
        var columns = await SchemaCatalog.PairsAsync(connection, """
            SELECT grantee || ':' || table_name || '.' || privilege_type, string_agg(column_name, ',' ORDER BY column_name)
            FROM information_schema.column_privileges
            WHERE grantee IN (@purge, @scheduler) AND table_schema = 'public'
              AND NOT EXISTS (SELECT 1 FROM information_schema.role_table_grants t
                              WHERE t.grantee = column_privileges.grantee AND t.table_schema = 'public'
                                AND t.table_name = column_privileges.table_name AND t.privilege_type = column_privileges.privilege_type)
            GROUP BY grantee, table_name, privilege_type
            """, ("purge", Roles.Purge), ("scheduler", Roles.Scheduler));
        var expectedColumns = new Dictionary<string, string>
        {
            [$"{Roles.Purge}:tenants.SELECT"] = "id,purge_after,status",
            [$"{Roles.Purge}:tenants.UPDATE"] = "status", // only to lock the row it deletes; its policy lets it change none
            [$"{Roles.Scheduler}:tenants.SELECT"] = "id,status",
            [$"{Roles.Scheduler}:alert_configurations.SELECT"] = "tenant_id",
        };
        foreach (var table in await SchemaCatalog.TenantTablesAsync(connection))
        {
            expectedColumns[$"{Roles.Purge}:{table}.SELECT"] = "tenant_id"; // counts for the deletion receipt; the cascade deletes
        }

        Assert.Equal(expectedColumns.OrderBy(e => e.Key), columns.ToDictionary(g => g.A, g => g.B).OrderBy(e => e.Key));
    }

    private DatabaseRoles Roles => DatabaseRoles.For(database.Provisioned.DatabaseName);
}

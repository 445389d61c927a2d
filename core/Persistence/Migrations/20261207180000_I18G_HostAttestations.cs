using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <summary>
    /// Each host's signed attestation of the trust claims it holds (issue 18 item 20). Not tenant data:
    /// no <c>tenant_id</c>, no row-level security, not in the EF model (raw SQL, like <c>deletion_receipts</c>).
    /// The application role appends and reads; nobody updates, and only rows older than 30 days may be
    /// deleted (the store prunes them), so a fresh failing attestation cannot be made to disappear.
    /// </summary>
    [DbContext(typeof(IdentityOpsDbContext))]
    [Migration("20261207180000_I18G_HostAttestations")]
    public partial class I18GHostAttestations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SqlWithRoles($"""
                CREATE TABLE host_attestations (
                    host text NOT NULL CHECK (host ~ '^[a-z]{"{1,32}"}$'),
                    attested_at timestamptz NOT NULL,
                    claims jsonb NOT NULL,
                    signed_by text NOT NULL,
                    signature bytea NOT NULL,
                    PRIMARY KEY (host, attested_at));
                REVOKE ALL ON host_attestations FROM PUBLIC;
                GRANT SELECT, INSERT, DELETE ON host_attestations TO {TenantIsolationMigrations.App};

                CREATE FUNCTION host_attestations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        IF OLD.attested_at < now() - interval '30 days' THEN
                            RETURN OLD;
                        END IF;
                    END IF;
                    RAISE EXCEPTION 'host_attestations is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER host_attestations_append_only BEFORE UPDATE OR DELETE ON host_attestations
                    FOR EACH ROW EXECUTE FUNCTION host_attestations_append_only();
                CREATE TRIGGER host_attestations_no_truncate BEFORE TRUNCATE ON host_attestations
                    FOR EACH STATEMENT EXECUTE FUNCTION host_attestations_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE host_attestations;
                DROP FUNCTION host_attestations_append_only();
                """);
        }
    }
}

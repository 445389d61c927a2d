using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AuditAnchors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_anchors",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    head_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    anchored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_anchors", x => new { x.tenant_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_audit_anchors_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "operator_audit_anchors",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    head_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    anchored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_audit_anchors", x => x.sequence);
                });

            // Anchors are append-only like the chains they vouch for: a tenant's go with the tenant
            // (the purge cascade), the operators' never.
            migrationBuilder.ProtectTenantTable("audit_anchors", applicationPrivileges: "SELECT, INSERT");
            migrationBuilder.MakeAppendOnly("audit_anchors", allowPurgeCascade: true);

            migrationBuilder.Sql($"""
                REVOKE ALL ON operator_audit_anchors FROM PUBLIC;
                GRANT SELECT, INSERT ON operator_audit_anchors TO {DatabaseRoles.Purge};
                """);
            migrationBuilder.MakeAppendOnly("operator_audit_anchors", allowPurgeCascade: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "audit_anchors", "operator_audit_anchors" })
            {
                migrationBuilder.Sql($"""
                    DROP TRIGGER {table}_append_only ON {table};
                    DROP TRIGGER {table}_no_truncate ON {table};
                    DROP FUNCTION {table}_append_only();
                    """);
            }

            migrationBuilder.DropTable(
                name: "audit_anchors");

            migrationBuilder.DropTable(
                name: "operator_audit_anchors");
        }
    }
}

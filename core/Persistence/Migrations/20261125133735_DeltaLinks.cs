using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeltaLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "delta_links",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    link = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: false),
                    obtained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delta_links", x => new { x.tenant_id, x.collection });
                    table.ForeignKey(
                        name: "fk_delta_links_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_delta_links_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_delta_links_tenant_id_scan_id",
                table: "delta_links",
                columns: new[] { "tenant_id", "scan_id" });

            migrationBuilder.ProtectTenantTable("delta_links");

            // Scans bulk-load through session temp tables: COPY FROM cannot target a table with
            // row-level security, so rows go COPY -> temp table -> INSERT ... SELECT (which RLS checks).
            migrationBuilder.Sql($"""
                DO $$ BEGIN
                  EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO {DatabaseRoles.Application}', current_database());
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delta_links");
        }
    }
}

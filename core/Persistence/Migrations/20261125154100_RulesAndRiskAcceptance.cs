using System;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RulesAndRiskAcceptance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "tenant_score",
                table: "scans",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "unavailable",
                table: "scans",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "severity",
                table: "findings",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "rule_id",
                table: "findings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "object_type",
                table: "findings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "object_id",
                table: "findings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "category",
                table: "findings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<Guid>(
                name: "acceptance_id",
                table: "findings",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "explanation",
                table: "findings",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "remediation",
                table: "findings",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "signals",
                table: "findings",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "risk_acceptances",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    object_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    accepted_by = table.Column<Guid>(type: "uuid", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_acceptances", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_risk_acceptances_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rule_outcomes",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    evaluated = table.Column<bool>(type: "boolean", nullable: false),
                    objects_evaluated = table.Column<int>(type: "integer", nullable: false),
                    findings = table.Column<int>(type: "integer", nullable: false),
                    not_evaluated_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_outcomes", x => new { x.tenant_id, x.scan_id, x.rule_id });
                    table.ForeignKey(
                        name: "fk_rule_outcomes_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_rule_outcomes_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tenant_rule_settings",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    settings = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_rule_settings", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_tenant_rule_settings_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_risk_acceptances_tenant_id_rule_id_object_id",
                table: "risk_acceptances",
                columns: new[] { "tenant_id", "rule_id", "object_id" });

            // The new tenant tables get the same walls as every other: RLS forced, app role without TRUNCATE.
            foreach (var table in new[] { "rule_outcomes", "risk_acceptances", "tenant_rule_settings" })
            {
                migrationBuilder.ProtectTenantTable(table);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_acceptances");

            migrationBuilder.DropTable(
                name: "rule_outcomes");

            migrationBuilder.DropTable(
                name: "tenant_rule_settings");

            migrationBuilder.DropColumn(
                name: "tenant_score",
                table: "scans");

            migrationBuilder.DropColumn(
                name: "unavailable",
                table: "scans");

            migrationBuilder.DropColumn(
                name: "acceptance_id",
                table: "findings");

            migrationBuilder.DropColumn(
                name: "explanation",
                table: "findings");

            migrationBuilder.DropColumn(
                name: "remediation",
                table: "findings");

            migrationBuilder.DropColumn(
                name: "signals",
                table: "findings");

            migrationBuilder.AlterColumn<string>(
                name: "severity",
                table: "findings",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AlterColumn<string>(
                name: "rule_id",
                table: "findings",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "object_type",
                table: "findings",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "object_id",
                table: "findings",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(256)",
                oldMaxLength: 256);

            migrationBuilder.AlterColumn<string>(
                name: "category",
                table: "findings",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);
        }
    }
}

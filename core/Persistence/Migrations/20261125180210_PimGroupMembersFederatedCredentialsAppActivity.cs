using System;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PimGroupMembersFederatedCredentialsAppActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_sign_in_activities",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_sign_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_sign_in_activities", x => new { x.tenant_id, x.scan_id, x.app_id });
                    table.ForeignKey(
                        name: "fk_app_sign_in_activities_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "federated_credentials",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    credential_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    issuer = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    audiences = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federated_credentials", x => new { x.tenant_id, x.scan_id, x.application_object_id, x.credential_id });
                    table.ForeignKey(
                        name: "fk_federated_credentials_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "group_members",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_type = table.Column<string>(type: "text", nullable: false),
                    group_display_name = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_group_members", x => new { x.tenant_id, x.scan_id, x.group_id, x.member_id });
                    table.ForeignKey(
                        name: "fk_group_members_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "role_schedules",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    schedule_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    schedule_id = table.Column<string>(type: "text", nullable: false),
                    role_definition_id = table.Column<string>(type: "text", nullable: false),
                    principal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    directory_scope_id = table.Column<string>(type: "text", nullable: false),
                    assignment_type = table.Column<string>(type: "text", nullable: true),
                    member_type = table.Column<string>(type: "text", nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_schedules", x => new { x.tenant_id, x.scan_id, x.schedule_kind, x.schedule_id });
                    table.ForeignKey(
                        name: "fk_role_schedules_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            // The new scan tables get the same walls as every other: RLS forced, app role without TRUNCATE.
            foreach (var table in new[] { "app_sign_in_activities", "federated_credentials", "group_members", "role_schedules" })
            {
                migrationBuilder.ProtectTenantTable(table);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_sign_in_activities");

            migrationBuilder.DropTable(
                name: "federated_credentials");

            migrationBuilder.DropTable(
                name: "group_members");

            migrationBuilder.DropTable(
                name: "role_schedules");
        }
    }
}

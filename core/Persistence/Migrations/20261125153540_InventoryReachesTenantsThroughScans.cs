using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <summary>
    /// A scan's tables keep only their composite key to <c>scans</c> (which cascades, and reaches
    /// <c>tenants</c> through <c>scans</c>' own cascading key): the direct key to <c>tenants</c> was a
    /// second per-row check on every bulk-loaded row that added nothing to isolation or to the purge.
    /// </summary>
    public partial class InventoryReachesTenantsThroughScans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_app_role_assignments_tenants_tenant_id",
                table: "app_role_assignments");

            migrationBuilder.DropForeignKey(
                name: "fk_applications_tenants_tenant_id",
                table: "applications");

            migrationBuilder.DropForeignKey(
                name: "fk_credentials_tenants_tenant_id",
                table: "credentials");

            migrationBuilder.DropForeignKey(
                name: "fk_delegated_grants_tenants_tenant_id",
                table: "delegated_grants");

            migrationBuilder.DropForeignKey(
                name: "fk_findings_tenants_tenant_id",
                table: "findings");

            migrationBuilder.DropForeignKey(
                name: "fk_mfa_registrations_tenants_tenant_id",
                table: "mfa_registrations");

            migrationBuilder.DropForeignKey(
                name: "fk_owners_tenants_tenant_id",
                table: "owners");

            migrationBuilder.DropForeignKey(
                name: "fk_role_assignments_tenants_tenant_id",
                table: "role_assignments");

            migrationBuilder.DropForeignKey(
                name: "fk_role_definitions_tenants_tenant_id",
                table: "role_definitions");

            migrationBuilder.DropForeignKey(
                name: "fk_service_principals_tenants_tenant_id",
                table: "service_principals");

            migrationBuilder.DropForeignKey(
                name: "fk_sign_in_daily_summaries_tenants_tenant_id",
                table: "sign_in_daily_summaries");

            migrationBuilder.DropForeignKey(
                name: "fk_tenant_policies_tenants_tenant_id",
                table: "tenant_policies");

            migrationBuilder.DropForeignKey(
                name: "fk_users_tenants_tenant_id",
                table: "users");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_app_role_assignments_tenants_tenant_id",
                table: "app_role_assignments",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_applications_tenants_tenant_id",
                table: "applications",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_credentials_tenants_tenant_id",
                table: "credentials",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_delegated_grants_tenants_tenant_id",
                table: "delegated_grants",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_findings_tenants_tenant_id",
                table: "findings",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_mfa_registrations_tenants_tenant_id",
                table: "mfa_registrations",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_owners_tenants_tenant_id",
                table: "owners",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_role_assignments_tenants_tenant_id",
                table: "role_assignments",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_role_definitions_tenants_tenant_id",
                table: "role_definitions",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_service_principals_tenants_tenant_id",
                table: "service_principals",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_sign_in_daily_summaries_tenants_tenant_id",
                table: "sign_in_daily_summaries",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_tenant_policies_tenants_tenant_id",
                table: "tenant_policies",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_users_tenants_tenant_id",
                table: "users",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}

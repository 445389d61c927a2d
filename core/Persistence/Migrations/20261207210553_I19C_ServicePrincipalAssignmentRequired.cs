using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <summary>
    /// Service principals' <c>appRoleAssignmentRequired</c> (issue 19, item 3), null on rows of earlier scans. A delta scan
    /// starts from the previous scan's rows and changes only what Graph reports changed, so the stored service principal
    /// delta links are dropped here: each tenant's next scan reads service principals in full and fills the column
    /// (otherwise an unchanged service principal would stay null for as long as its tenant is scanned by delta).
    /// </summary>
    public partial class I19C_ServicePrincipalAssignmentRequired : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "app_role_assignment_required",
                table: "service_principals",
                type: "boolean",
                nullable: true);

            // Row-level security is forced on the owner too; lifted inside this transaction only, to reach every tenant's links.
            migrationBuilder.Sql("""
                ALTER TABLE delta_links NO FORCE ROW LEVEL SECURITY;
                DELETE FROM delta_links WHERE collection = 'servicePrincipals';
                ALTER TABLE delta_links FORCE ROW LEVEL SECURITY;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "app_role_assignment_required",
                table: "service_principals");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CredentialUsageAndPurpose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_credentials",
                table: "credentials");

            migrationBuilder.AddColumn<string>(
                name: "purpose",
                table: "credentials",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "Unrecognised");

            migrationBuilder.AddColumn<string>(
                name: "usage",
                table: "credentials",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_credentials",
                table: "credentials",
                columns: new[] { "tenant_id", "scan_id", "owner_object_id", "kind", "credential_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_credentials",
                table: "credentials");

            migrationBuilder.DropColumn(
                name: "purpose",
                table: "credentials");

            migrationBuilder.DropColumn(
                name: "usage",
                table: "credentials");

            migrationBuilder.AddPrimaryKey(
                name: "pk_credentials",
                table: "credentials",
                columns: new[] { "tenant_id", "scan_id", "owner_object_id", "credential_id" });
        }
    }
}

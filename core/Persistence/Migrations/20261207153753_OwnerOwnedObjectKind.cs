using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OwnerOwnedObjectKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "owned_object_kind",
                table: "owners",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                // Owners stored before service principals' owners were collected are all app registrations'.
                defaultValue: "Application");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "owned_object_kind",
                table: "owners");
        }
    }
}

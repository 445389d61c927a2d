using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ScanCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "checkpoint",
                table: "scans",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "checkpoint",
                table: "scans");
        }
    }
}

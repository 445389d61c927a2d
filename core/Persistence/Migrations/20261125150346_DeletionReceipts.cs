using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeletionReceipts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Receipts outlive the tenant they speak of: no foreign key, no cascade, append-only.
            migrationBuilder.Sql($"""
                CREATE TABLE deletion_receipts (
                    sha256 text PRIMARY KEY,
                    purged_tenant_id uuid NOT NULL,
                    purged_at timestamptz NOT NULL,
                    rows_deleted jsonb NOT NULL);
                REVOKE ALL ON deletion_receipts FROM PUBLIC;
                GRANT SELECT, INSERT ON deletion_receipts TO {DatabaseRoles.Purge};
                """);
            migrationBuilder.MakeAppendOnly("deletion_receipts", allowPurgeCascade: false);


        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE deletion_receipts; DROP FUNCTION deletion_receipts_append_only();");


        }
    }
}

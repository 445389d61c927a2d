using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <summary>
    /// The web app finds a browser's server session by the SHA-256 of the id in its cookie, before it
    /// knows the session's tenant (the cookie holds nothing else). A second, permissive SELECT policy
    /// for the application role shows exactly the row whose hash the transaction names in
    /// <c>app.session_id_hash</c>: a reader must hold the id to read its row, and with the setting
    /// empty or naming another hash no row of any tenant shows. Writes stay under tenant isolation.
    /// </summary>
    public partial class ServerSessionLookupByIdHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_server_sessions_id_hash",
                table: "server_sessions",
                column: "id_hash",
                unique: true);

            migrationBuilder.Sql($"""
                CREATE POLICY session_lookup_by_id_hash ON server_sessions FOR SELECT TO {DatabaseRoles.Application}
                    USING (id_hash = decode(NULLIF(current_setting('{DatabaseRoles.SessionIdHashSetting}', true), ''), 'hex'));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP POLICY session_lookup_by_id_hash ON server_sessions;");

            migrationBuilder.DropIndex(
                name: "ix_server_sessions_id_hash",
                table: "server_sessions");
        }
    }
}

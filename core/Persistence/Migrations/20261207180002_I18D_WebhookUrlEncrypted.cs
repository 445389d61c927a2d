using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <summary>
    /// Webhook URLs stored encrypted (issue 18, item 4): a URL's path and query are the receiver's bearer
    /// secret. SQL cannot encrypt with the hosts' Data Protection keys, so existing URLs move to
    /// <c>legacy_url</c> with their origin and fingerprint computed here, and the tenant's next alert run
    /// protects them and clears that column (DeliverWebhooksCommand). New URLs are never written in clear.
    /// </summary>
    public partial class I18D_WebhookUrlEncrypted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(name: "url", table: "webhook_endpoints", newName: "legacy_url");
            migrationBuilder.AlterColumn<string>(
                name: "legacy_url",
                table: "webhook_endpoints",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2048)",
                oldMaxLength: 2048);
            migrationBuilder.AddColumn<byte[]>(name: "protected_url", table: "webhook_endpoints", type: "bytea", nullable: true);
            migrationBuilder.AddColumn<string>(name: "url_origin", table: "webhook_endpoints", type: "character varying(2048)", maxLength: 2048, nullable: false, defaultValue: "");
            migrationBuilder.AddColumn<string>(name: "url_fingerprint", table: "webhook_endpoints", type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: "");

            // Row-level security is forced on the owner too; lifted inside this transaction only, to fill every tenant's rows.
            // The fingerprint is WebhookUrlProtection.Fingerprint's (SHA-256 of the UTF-8 URL, 8 hex digits).
            migrationBuilder.Sql("""
                ALTER TABLE webhook_endpoints NO FORCE ROW LEVEL SECURITY;
                UPDATE webhook_endpoints
                   SET url_origin = lower(substring(legacy_url from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*')),
                       url_fingerprint = substr(encode(sha256(convert_to(legacy_url, 'UTF8')), 'hex'), 1, 8);
                ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_webhook_endpoints_one_url",
                table: "webhook_endpoints",
                sql: "(protected_url IS NULL) <> (legacy_url IS NULL)");
        }

        /// <summary>
        /// Back to one clear <c>url</c> column. URLs already protected cannot be decrypted in SQL: those
        /// endpoints keep only their origin and are disabled, to be saved again by an admin.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(name: "ck_webhook_endpoints_one_url", table: "webhook_endpoints");
            migrationBuilder.Sql("""
                ALTER TABLE webhook_endpoints NO FORCE ROW LEVEL SECURITY;
                UPDATE webhook_endpoints SET legacy_url = url_origin, enabled = false WHERE legacy_url IS NULL;
                ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
                """);
            migrationBuilder.DropColumn(name: "protected_url", table: "webhook_endpoints");
            migrationBuilder.DropColumn(name: "url_origin", table: "webhook_endpoints");
            migrationBuilder.DropColumn(name: "url_fingerprint", table: "webhook_endpoints");
            migrationBuilder.AlterColumn<string>(
                name: "legacy_url",
                table: "webhook_endpoints",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(2048)",
                oldMaxLength: 2048,
                oldNullable: true);
            migrationBuilder.RenameColumn(name: "legacy_url", table: "webhook_endpoints", newName: "url");
        }
    }
}

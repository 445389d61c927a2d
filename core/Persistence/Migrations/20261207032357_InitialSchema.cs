using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityOps.Core.Persistence.Migrations
{
    /// <summary>
    /// The whole schema in one migration: the tables EF generates from the model, then (at the end of
    /// <see cref="Up"/>) the hand-written walls. It replaced 14 migrations and yields the schema they
    /// produced, byte for byte in <c>pg_dump --schema-only</c>.
    /// </summary>
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "operator_audit_anchors",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    head_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    anchored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_audit_anchors", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "operator_audit_events",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    target = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    previous_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_audit_events", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subscription_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    offboarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    purge_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "activity_entries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    summary = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    actor_object_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_entries", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_activity_entries_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_configurations",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    triggers = table.Column<string[]>(type: "text[]", nullable: false),
                    recipients = table.Column<string[]>(type: "text[]", nullable: false),
                    schedule = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    // Squash: last and with a default, as AddColumn left it (tenant export lists columns in table order).
                    send_hour_utc = table.Column<int>(type: "integer", nullable: false, defaultValue: 7)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_configurations", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_alert_configurations_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "audit_anchors",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    head_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    anchored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_anchors", x => new { x.tenant_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_audit_anchors_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    target = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    previous_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => new { x.tenant_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_audit_events_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "scans",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    collection_counts = table.Column<string>(type: "jsonb", nullable: false),
                    warnings = table.Column<string>(type: "jsonb", nullable: false),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    // Squash: the columns AddColumn appended, in that order and with its defaults (tenant export lists columns in table order).
                    tenant_score = table.Column<int>(type: "integer", nullable: true),
                    unavailable = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    checkpoint = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scans", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_scans_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "server_sessions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    user_object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rotate_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    absolute_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    protected_ticket = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_server_sessions", x => new { x.tenant_id, x.id_hash });
                    table.ForeignKey(
                        name: "fk_server_sessions_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_members",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_members", x => new { x.tenant_id, x.user_object_id });
                    table.ForeignKey(
                        name: "fk_team_members_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tenant_deletion_confirmations",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    confirmation_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_deletion_confirmations", x => new { x.tenant_id, x.confirmation_hash });
                    table.ForeignKey(
                        name: "fk_tenant_deletion_confirmations_tenants_tenant_id",
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

            migrationBuilder.CreateTable(
                name: "token_cache_entries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entry_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    protected_value = table.Column<byte[]>(type: "bytea", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sliding_expiration = table.Column<TimeSpan>(type: "interval", nullable: true),
                    absolute_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_token_cache_entries", x => new { x.tenant_id, x.entry_id });
                    table.ForeignKey(
                        name: "fk_token_cache_entries_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_endpoints",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    description = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    protected_signing_material = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rotated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_endpoints", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_webhook_endpoints_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alert_configuration_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    period = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    idempotency_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    html_body = table.Column<string>(type: "text", nullable: false),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    unsubscribe_url = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_deliveries", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_alert_deliveries_alert_configurations_tenant_id_alert_confi",
                        columns: x => new { x.tenant_id, x.alert_configuration_id },
                        principalTable: "alert_configurations",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alert_deliveries_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "app_role_assignments",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<string>(type: "text", nullable: false),
                    app_role_id = table.Column<Guid>(type: "uuid", nullable: false),
                    principal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    principal_type = table.Column<string>(type: "text", nullable: false),
                    principal_display_name = table.Column<string>(type: "text", nullable: true),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    resource_display_name = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_role_assignments", x => new { x.tenant_id, x.scan_id, x.assignment_id });
                    table.ForeignKey(
                        name: "fk_app_role_assignments_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "applications",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    sign_in_audience = table.Column<string>(type: "text", nullable: true),
                    publisher_domain = table.Column<string>(type: "text", nullable: true),
                    verified_publisher_name = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    implicit_access_token_issuance = table.Column<bool>(type: "boolean", nullable: false),
                    implicit_id_token_issuance = table.Column<bool>(type: "boolean", nullable: false),
                    web_redirect_uris = table.Column<string[]>(type: "text[]", nullable: false),
                    spa_redirect_uris = table.Column<string[]>(type: "text[]", nullable: false),
                    public_client_redirect_uris = table.Column<string[]>(type: "text[]", nullable: false),
                    required_resource_access = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => new { x.tenant_id, x.scan_id, x.object_id });
                    table.ForeignKey(
                        name: "fk_applications_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "credentials",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    credential_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    federated_issuer = table.Column<string>(type: "text", nullable: true),
                    federated_subject = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credentials", x => new { x.tenant_id, x.scan_id, x.owner_object_id, x.credential_id });
                    table.ForeignKey(
                        name: "fk_credentials_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "delegated_grants",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    grant_id = table.Column<string>(type: "text", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consent_type = table.Column<string>(type: "text", nullable: false),
                    principal_id = table.Column<Guid>(type: "uuid", nullable: true),
                    scopes = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delegated_grants", x => new { x.tenant_id, x.scan_id, x.grant_id });
                    table.ForeignKey(
                        name: "fk_delegated_grants_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "delta_links",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    link = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: false),
                    obtained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delta_links", x => new { x.tenant_id, x.collection });
                    table.ForeignKey(
                        name: "fk_delta_links_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_delta_links_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
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
                name: "findings",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    object_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    object_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    object_display_name = table.Column<string>(type: "text", nullable: true),
                    evidence = table.Column<string>(type: "jsonb", nullable: false),
                    score = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    // Squash: the columns AddColumn appended, in that order and with its defaults (tenant export lists columns in table order).
                    acceptance_id = table.Column<Guid>(type: "uuid", nullable: true),
                    explanation = table.Column<string>(type: "text", nullable: false, defaultValue: ""),
                    remediation = table.Column<string>(type: "text", nullable: false, defaultValue: ""),
                    signals = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_findings", x => new { x.tenant_id, x.scan_id, x.id });
                    table.ForeignKey(
                        name: "fk_findings_scans_tenant_id_scan_id",
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
                name: "mfa_registrations",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_admin = table.Column<bool>(type: "boolean", nullable: false),
                    is_mfa_registered = table.Column<bool>(type: "boolean", nullable: false),
                    is_mfa_capable = table.Column<bool>(type: "boolean", nullable: false),
                    methods_registered = table.Column<string[]>(type: "text[]", nullable: false),
                    default_method = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mfa_registrations", x => new { x.tenant_id, x.scan_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_mfa_registrations_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "owners",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owned_object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_type = table.Column<string>(type: "text", nullable: false),
                    owner_display_name = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_owners", x => new { x.tenant_id, x.scan_id, x.owned_object_id, x.owner_object_id });
                    table.ForeignKey(
                        name: "fk_owners_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "role_assignments",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<string>(type: "text", nullable: false),
                    role_definition_id = table.Column<string>(type: "text", nullable: false),
                    principal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    principal_type = table.Column<string>(type: "text", nullable: true),
                    directory_scope_id = table.Column<string>(type: "text", nullable: false),
                    is_eligible = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_assignments", x => new { x.tenant_id, x.scan_id, x.assignment_id });
                    table.ForeignKey(
                        name: "fk_role_assignments_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "role_definitions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role_definition_id = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    is_built_in = table.Column<bool>(type: "boolean", nullable: false),
                    is_privileged = table.Column<bool>(type: "boolean", nullable: false),
                    template_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_definitions", x => new { x.tenant_id, x.scan_id, x.role_definition_id });
                    table.ForeignKey(
                        name: "fk_role_definitions_scans_tenant_id_scan_id",
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
                });

            migrationBuilder.CreateTable(
                name: "service_principals",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    service_principal_type = table.Column<string>(type: "text", nullable: true),
                    app_owner_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    account_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    sign_in_audience = table.Column<string>(type: "text", nullable: true),
                    verified_publisher_name = table.Column<string>(type: "text", nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_principals", x => new { x.tenant_id, x.scan_id, x.object_id });
                    table.ForeignKey(
                        name: "fk_service_principals_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sign_in_daily_summaries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    client_app_used = table.Column<string>(type: "text", nullable: false),
                    sign_ins = table.Column<int>(type: "integer", nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    mfa_satisfied = table.Column<int>(type: "integer", nullable: false),
                    is_legacy_authentication = table.Column<bool>(type: "boolean", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sign_in_daily_summaries", x => new { x.tenant_id, x.scan_id, x.user_id, x.app_id, x.day, x.client_app_used });
                    table.ForeignKey(
                        name: "fk_sign_in_daily_summaries_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tenant_policies",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    policy_id = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: true),
                    state = table.Column<string>(type: "text", nullable: true),
                    settings = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_policies", x => new { x.tenant_id, x.scan_id, x.kind, x.policy_id });
                    table.ForeignKey(
                        name: "fk_tenant_policies_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    user_principal_name = table.Column<string>(type: "text", nullable: true),
                    user_type = table.Column<string>(type: "text", nullable: true),
                    account_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    on_premises_sync_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_sign_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_non_interactive_sign_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => new { x.tenant_id, x.scan_id, x.object_id });
                    table.ForeignKey(
                        name: "fk_users_scans_tenant_id_scan_id",
                        columns: x => new { x.tenant_id, x.scan_id },
                        principalTable: "scans",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    endpoint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    event_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_status_code = table.Column<int>(type: "integer", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_webhook_endpoints_tenant_id_endpoint_id",
                        columns: x => new { x.tenant_id, x.endpoint_id },
                        principalTable: "webhook_endpoints",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_activity_entries_tenant_id_occurred_at",
                table: "activity_entries",
                columns: new[] { "tenant_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_tenant_id_alert_configuration_id_recipient",
                table: "alert_deliveries",
                columns: new[] { "tenant_id", "alert_configuration_id", "recipient", "period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_tenant_id_status_next_attempt_at",
                table: "alert_deliveries",
                columns: new[] { "tenant_id", "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_delta_links_tenant_id_scan_id",
                table: "delta_links",
                columns: new[] { "tenant_id", "scan_id" });

            migrationBuilder.CreateIndex(
                name: "ix_findings_tenant_id_rule_id",
                table: "findings",
                columns: new[] { "tenant_id", "rule_id" });

            migrationBuilder.CreateIndex(
                name: "ix_risk_acceptances_tenant_id_rule_id_object_id",
                table: "risk_acceptances",
                columns: new[] { "tenant_id", "rule_id", "object_id" });

            migrationBuilder.CreateIndex(
                name: "ix_scans_tenant_id_requested_at",
                table: "scans",
                columns: new[] { "tenant_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ux_scans_one_active_per_tenant",
                table: "scans",
                column: "tenant_id",
                unique: true,
                filter: "status IN ('Queued', 'Running')");

            migrationBuilder.CreateIndex(
                name: "ix_server_sessions_id_hash",
                table: "server_sessions",
                column: "id_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_server_sessions_tenant_id_absolute_expires_at",
                table: "server_sessions",
                columns: new[] { "tenant_id", "absolute_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tenants_status_purge_after",
                table: "tenants",
                columns: new[] { "status", "purge_after" });

            migrationBuilder.CreateIndex(
                name: "ix_token_cache_entries_tenant_id_expires_at",
                table: "token_cache_entries",
                columns: new[] { "tenant_id", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_tenant_id_endpoint_id_message_id",
                table: "webhook_deliveries",
                columns: new[] { "tenant_id", "endpoint_id", "message_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_tenant_id_status_next_attempt_at",
                table: "webhook_deliveries",
                columns: new[] { "tenant_id", "status", "next_attempt_at" });

            // ---------------------------------------------------------------------------------
            // Hand-written from here on: what the EF model cannot say. This is the final state of
            // the 14 migrations this one replaced (InitialSchema .. TenantDeletionConfirmations);
            // docs/data-model.md explains each wall, and the schema tests read the live catalog.
            // Issue 18 (B) rewrote the roles and policies here in place, before any deployment: one set of
            // roles per database, and every policy for one role only (the job roles confined).
            // ---------------------------------------------------------------------------------

            // Nobody but this database's own roles may use the schema (DatabaseRoles: one set of roles per
            // database, named after it, so a login of another deployment on the same server has none of
            // these privileges). The app role may create session temp tables: COPY FROM cannot target a
            // table under row-level security, so scans bulk-load COPY -> temp table -> INSERT ... SELECT
            // (which RLS checks).
            migrationBuilder.SqlWithRoles($"""
                REVOKE ALL ON SCHEMA public FROM PUBLIC;
                GRANT USAGE ON SCHEMA public TO {TenantIsolationMigrations.App}, {TenantIsolationMigrations.Purge}, {TenantIsolationMigrations.Scheduler};
                GRANT TEMPORARY ON DATABASE {TenantIsolationMigrations.Database} TO {TenantIsolationMigrations.App};
                """);

            // tenants: the root. Each policy is for one role only (issue 18, item 2): the application sees
            // only its own row and may never delete it; the purge sees, locks and deletes only a tenant
            // whose purge is due (TenantIsolationMigrations.PurgeDue), reads no column but the three it
            // decides by, and changes none (WITH CHECK false); the scheduler sees only active tenants' ids.
            migrationBuilder.SqlWithRoles($"""
                ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
                ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
                CREATE POLICY tenant_isolation ON tenants TO {TenantIsolationMigrations.App}
                    USING (id = {TenantIsolationMigrations.CurrentTenant})
                    WITH CHECK (id = {TenantIsolationMigrations.CurrentTenant});
                CREATE POLICY purge_sees_due ON tenants FOR ALL TO {TenantIsolationMigrations.Purge}
                    USING ({TenantIsolationMigrations.PurgeDue})
                    WITH CHECK (false);
                CREATE POLICY scheduler_sees_active ON tenants FOR SELECT TO {TenantIsolationMigrations.Scheduler}
                    USING (status = 'Active');
                REVOKE ALL ON tenants FROM PUBLIC;
                GRANT SELECT, INSERT, UPDATE ON tenants TO {TenantIsolationMigrations.App};
                GRANT SELECT (id, status, purge_after), UPDATE (status), DELETE ON tenants TO {TenantIsolationMigrations.Purge};
                GRANT SELECT (id, status) ON tenants TO {TenantIsolationMigrations.Scheduler};
                """);

            // Every table that holds a tenant's data: forced RLS, the tenant policy, and the app role
            // without TRUNCATE (which ignores RLS). A scan's inventory reaches tenants only through
            // its composite key to scans, which cascades.
            string[] tenantTables =
            [
                // the tenant's team, settings and workflow
                "team_members", "activity_entries", "alert_configurations", "tenant_rule_settings",
                "risk_acceptances", "tenant_deletion_confirmations",
                // a scan and what it collected
                "scans", "delta_links", "applications", "service_principals", "credentials",
                "federated_credentials", "owners", "delegated_grants", "app_role_assignments",
                "role_definitions", "role_assignments", "role_schedules", "users", "group_members",
                "sign_in_daily_summaries", "app_sign_in_activities", "mfa_registrations", "tenant_policies",
                // what a scan concluded
                "rule_outcomes", "findings",
                // alert and webhook outboxes
                "alert_deliveries", "webhook_endpoints", "webhook_deliveries",
                // the signed-in user's server session and token cache
                "server_sessions", "token_cache_entries",
            ];
            foreach (var table in tenantTables)
            {
                migrationBuilder.ProtectTenantTable(table);
            }

            // The scheduler decides whose digests are due without acting as any one tenant: it sees which
            // active tenants have alert settings (its tenants policy hides every other tenant inside the
            // EXISTS), and reads no column but tenant_id: no recipient, no offboarding tenant's settings.
            migrationBuilder.SqlWithRoles($"""
                CREATE POLICY scheduler_reads_active_alerts ON alert_configurations FOR SELECT TO {TenantIsolationMigrations.Scheduler}
                    USING (EXISTS (SELECT 1 FROM tenants active WHERE active.id = alert_configurations.tenant_id));
                GRANT SELECT (tenant_id) ON alert_configurations TO {TenantIsolationMigrations.Scheduler};
                """);

            // The web app finds a browser's server session by the SHA-256 of the id in its cookie,
            // before it knows the session's tenant (the cookie holds nothing else): a second,
            // permissive SELECT policy shows exactly the row whose hash the transaction names in
            // app.session_id_hash, and no row at all when the setting is empty. Writes stay under
            // tenant isolation. See docs/web-sessions.md.
            migrationBuilder.SqlWithRoles($"""
                CREATE POLICY session_lookup_by_id_hash ON server_sessions FOR SELECT TO {TenantIsolationMigrations.App}
                    USING (id_hash = decode(NULLIF(current_setting('{DatabaseRoles.SessionIdHashSetting}', true), ''), 'hex'));
                """);

            // A tenant's audit chain and the anchors of its head: append-only, readable and
            // appendable by the app role, and gone with the tenant (the purge cascade) only.
            foreach (var table in new[] { "audit_events", "audit_anchors" })
            {
                migrationBuilder.ProtectTenantTable(table, applicationPrivileges: "SELECT, INSERT");
                migrationBuilder.MakeAppendOnly(table, allowPurgeCascade: true);
            }

            // The operators' chain and its anchors belong to no tenant and outlive every purge:
            // only the purge role reads and appends, and nothing deletes.
            foreach (var table in new[] { "operator_audit_events", "operator_audit_anchors" })
            {
                migrationBuilder.SqlWithRoles($"""
                    REVOKE ALL ON {table} FROM PUBLIC;
                    GRANT SELECT, INSERT ON {table} TO {TenantIsolationMigrations.Purge};
                    """);
                migrationBuilder.MakeAppendOnly(table, allowPurgeCascade: false);
            }

            // Deletion receipts outlive the tenant they speak of: no foreign key, no cascade,
            // append-only, and not in the EF model (only the purge writes them, with raw SQL).
            migrationBuilder.SqlWithRoles($"""
                CREATE TABLE deletion_receipts (
                    sha256 text PRIMARY KEY,
                    purged_tenant_id uuid NOT NULL,
                    purged_at timestamptz NOT NULL,
                    rows_deleted jsonb NOT NULL);
                REVOKE ALL ON deletion_receipts FROM PUBLIC;
                GRANT SELECT, INSERT ON deletion_receipts TO {TenantIsolationMigrations.Purge};
                """);
            migrationBuilder.MakeAppendOnly("deletion_receipts", allowPurgeCascade: false);
        }

        /// <summary>
        /// Not supported: undoing the initial schema would drop the append-only audit chains and the
        /// deletion receipts, which must outlive every mistake. To start over, drop the database
        /// (<see cref="Provisioning.DatabaseProvisioner.DropAsync"/>) and provision a new one.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder)
            => throw new NotSupportedException("The initial schema is not reverted: drop the database instead (DatabaseProvisioner.DropAsync).");
    }
}

using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Identity;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Lifecycle.DeleteTenantNow;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// Table shapes. Every tenant-owned table: <c>tenant_id</c> leads the primary key, the table reaches
/// <c>tenants</c> through a chain of cascading foreign keys (the day-30 purge deletes one row and the
/// database removes the rest), and every reference to another tenant table is composite,
/// <c>(tenant_id, …)</c>, so a row of one tenant can never point at, or be cascaded from, a row of another.
/// </summary>
internal static class IdentityOpsModel
{
    /// <summary>The partial unique index that allows one active (queued or running) scan per tenant.</summary>
    public const string ActiveScanIndex = "ux_scans_one_active_per_tenant";

    public static void Configure(ModelBuilder model)
    {
        ConfigureTenancy(model);
        ConfigureScansAndInventory(model);
        ConfigureIdentity(model);
        ConfigureAudit(model);
    }

    private static void ConfigureTenancy(ModelBuilder model)
    {
        model.Entity<Tenant>(b =>
        {
            b.ToTable("tenants");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).ValueGeneratedNever();
            b.Property(t => t.DisplayName).HasMaxLength(256);
            b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(t => t.SubscriptionState).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(t => new { t.Status, t.PurgeAfter });
        });

        TenantTable<TeamMember>(model, "team_members", m => new { m.TenantId, m.UserObjectId }, b =>
        {
            b.Property(m => m.DisplayName).HasMaxLength(256);
            b.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        });

        TenantTable<ActivityEntry>(model, "activity_entries", a => new { a.TenantId, a.Id }, b =>
        {
            b.Property(a => a.Kind).HasMaxLength(64);
            b.Property(a => a.Summary).HasMaxLength(1024);
            b.HasIndex(a => new { a.TenantId, a.OccurredAt });
        });

        TenantTable<AlertConfiguration>(model, "alert_configurations", a => new { a.TenantId, a.Id }, b =>
        {
            b.Property(a => a.Name).HasMaxLength(128);
            b.Property(a => a.Schedule).HasMaxLength(32);
        });

        ConfigureAlertDelivery(model);
    }

    private static void ConfigureAlertDelivery(ModelBuilder model)
    {
        TenantTable<AlertDelivery>(model, "alert_deliveries", d => new { d.TenantId, d.Id }, b =>
        {
            b.HasOne<AlertConfiguration>().WithMany()
                .HasForeignKey(d => new { d.TenantId, d.AlertConfigurationId })
                .HasPrincipalKey(a => new { a.TenantId, a.Id })
                .OnDelete(DeleteBehavior.Cascade);
            b.Property(d => d.Recipient).HasMaxLength(254);
            b.Property(d => d.Period).HasMaxLength(64);
            b.Property(d => d.IdempotencyId).HasMaxLength(64);
            b.Property(d => d.Subject).HasMaxLength(512);
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(d => d.LastError).HasMaxLength(1024);

            // The outbox's idempotency key: one message per recipient per digest period, however often the timer fires.
            b.HasIndex(d => new { d.TenantId, d.AlertConfigurationId, d.Recipient, d.Period }).IsUnique();
            b.HasIndex(d => new { d.TenantId, d.Status, d.NextAttemptAt });
        });

        TenantTable<WebhookEndpoint>(model, "webhook_endpoints", w => new { w.TenantId, w.Id }, b =>
        {
            b.Property(w => w.UrlOrigin).HasMaxLength(2048);
            b.Property(w => w.UrlFingerprint).HasMaxLength(8);
            b.Property(w => w.LegacyUrl).HasMaxLength(2048);
            b.Property(w => w.Description).HasMaxLength(256);
            // Exactly one form of the URL: its ciphertext, or (until the next alert run) a URL saved before I18D.
            b.ToTable(t => t.HasCheckConstraint("ck_webhook_endpoints_one_url", "(protected_url IS NULL) <> (legacy_url IS NULL)"));
        });

        TenantTable<WebhookDelivery>(model, "webhook_deliveries", d => new { d.TenantId, d.Id }, b =>
        {
            b.HasOne<WebhookEndpoint>().WithMany()
                .HasForeignKey(d => new { d.TenantId, d.EndpointId })
                .HasPrincipalKey(w => new { w.TenantId, w.Id })
                .OnDelete(DeleteBehavior.Cascade);
            b.Property(d => d.MessageId).HasMaxLength(64);
            b.Property(d => d.EventType).HasMaxLength(64);
            // text, not jsonb: jsonb rewrites whitespace and key order, and the signature covers the exact bytes.
            b.Property(d => d.Payload).HasColumnType("text");
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(d => d.LastError).HasMaxLength(1024);
            b.HasIndex(d => new { d.TenantId, d.EndpointId, d.MessageId }).IsUnique();
            b.HasIndex(d => new { d.TenantId, d.Status, d.NextAttemptAt });
        });
    }

    private static void ConfigureScansAndInventory(ModelBuilder model)
    {
        TenantTable<Scan>(model, "scans", s => new { s.TenantId, s.Id }, b =>
        {
            b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(s => s.CollectionCounts).HasColumnType("jsonb");
            b.Property(s => s.Warnings).HasColumnType("jsonb");
            b.Property(s => s.Unavailable).HasColumnType("jsonb");
            b.Property(s => s.Checkpoint).HasColumnType("jsonb");
            b.Property(s => s.Error).HasMaxLength(4000);
            b.HasIndex(s => new { s.TenantId, s.RequestedAt });

            // One queued or running scan per tenant, enforced by the database: two concurrent
            // start requests cannot both insert one; the loser answers with the winner's scan.
            b.HasIndex(s => s.TenantId)
                .IsUnique()
                .HasFilter("status IN ('Queued', 'Running')")
                .HasDatabaseName(ActiveScanIndex);
        });

        TenantTable<DeltaLink>(model, "delta_links", d => new { d.TenantId, d.Collection }, b =>
        {
            b.Property(d => d.Collection).HasMaxLength(64);
            b.Property(d => d.Link).HasMaxLength(8192);
            b.HasOne<Scan>().WithMany().HasForeignKey(d => new { d.TenantId, d.ScanId }).OnDelete(DeleteBehavior.Cascade);
        });

        ScanTable<ApplicationRecord>(model, "applications", a => new { a.TenantId, a.ScanId, a.ObjectId }, b =>
            b.Property(a => a.RequiredResourceAccess).HasColumnType("jsonb"));
        ScanTable<ServicePrincipalRecord>(model, "service_principals", s => new { s.TenantId, s.ScanId, s.ObjectId });
        // A SAML signing certificate's password and private key share one keyId (servicePrincipal-addtokensigningcertificate.md), so the kind is part of the key.
        ScanTable<CredentialRecord>(model, "credentials", c => new { c.TenantId, c.ScanId, c.OwnerObjectId, c.Kind, c.CredentialId }, b =>
        {
            b.Property(c => c.OwnerKind).HasConversion<string>().HasMaxLength(32);
            b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            b.Property(c => c.Usage).HasMaxLength(32);
            b.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(24);
        });
        ScanTable<OwnerRecord>(model, "owners", o => new { o.TenantId, o.ScanId, o.OwnedObjectId, o.OwnerObjectId }, b =>
            b.Property(o => o.OwnedObjectKind).HasConversion<string>().HasMaxLength(32));
        ScanTable<DelegatedGrantRecord>(model, "delegated_grants", g => new { g.TenantId, g.ScanId, g.GrantId });
        ScanTable<AppRoleAssignmentRecord>(model, "app_role_assignments", a => new { a.TenantId, a.ScanId, a.AssignmentId });
        ScanTable<RoleDefinitionRecord>(model, "role_definitions", r => new { r.TenantId, r.ScanId, r.RoleDefinitionId }, b =>
            b.Property(r => r.PrivilegeSource).HasConversion<string>().HasMaxLength(24));
        ScanTable<RoleAssignmentRecord>(model, "role_assignments", r => new { r.TenantId, r.ScanId, r.AssignmentId });
        ScanTable<UserRecord>(model, "users", u => new { u.TenantId, u.ScanId, u.ObjectId });
        ScanTable<SignInDailySummary>(model, "sign_in_daily_summaries", s => new { s.TenantId, s.ScanId, s.UserId, s.AppId, s.Day, s.ClientAppUsed });
        ScanTable<MfaRegistrationRecord>(model, "mfa_registrations", m => new { m.TenantId, m.ScanId, m.UserId });
        ScanTable<TenantPolicyRecord>(model, "tenant_policies", p => new { p.TenantId, p.ScanId, p.Kind, p.PolicyId }, b =>
            b.Property(p => p.Settings).HasColumnType("jsonb"));
        ScanTable<AppSignInActivityRecord>(model, "app_sign_in_activities", a => new { a.TenantId, a.ScanId, a.AppId });
        ScanTable<FederatedCredentialRecord>(model, "federated_credentials", f => new { f.TenantId, f.ScanId, f.ApplicationObjectId, f.CredentialId });
        ScanTable<GroupMemberRecord>(model, "group_members", g => new { g.TenantId, g.ScanId, g.GroupId, g.MemberId });
        ScanTable<RoleScheduleRecord>(model, "role_schedules", r => new { r.TenantId, r.ScanId, r.ScheduleKind, r.ScheduleId }, b =>
            b.Property(r => r.ScheduleKind).HasMaxLength(16));
        ScanTable<Finding>(model, "findings", f => new { f.TenantId, f.ScanId, f.Id }, b =>
        {
            b.Property(f => f.Evidence).HasColumnType("jsonb");
            b.Property(f => f.Signals).HasColumnType("jsonb");
            b.Property(f => f.Score).HasPrecision(6, 2);
            b.Property(f => f.RuleId).HasMaxLength(64);
            b.Property(f => f.Severity).HasMaxLength(16);
            b.Property(f => f.Category).HasMaxLength(64);
            b.Property(f => f.ObjectType).HasMaxLength(64);
            b.Property(f => f.ObjectId).HasMaxLength(256);
            b.HasIndex(f => new { f.TenantId, f.RuleId });
        });
        ScanTable<RuleOutcomeRecord>(model, "rule_outcomes", o => new { o.TenantId, o.ScanId, o.RuleId }, b =>
        {
            b.Property(o => o.RuleId).HasMaxLength(64);
            b.Property(o => o.NotEvaluatedReason).HasMaxLength(2000);
        });
        TenantTable<RiskAcceptance>(model, "risk_acceptances", a => new { a.TenantId, a.Id }, b =>
        {
            b.Property(a => a.RuleId).HasMaxLength(64);
            b.Property(a => a.ObjectId).HasMaxLength(256);
            b.Property(a => a.Reason).HasMaxLength(2000);
            b.HasIndex(a => new { a.TenantId, a.RuleId, a.ObjectId });
        });
        TenantTable<TenantRuleSettings>(model, "tenant_rule_settings", s => s.TenantId, b => b.Property(s => s.Settings).HasColumnType("jsonb"));
    }

    private static void ConfigureIdentity(ModelBuilder model)
    {
        TenantTable<ServerSession>(model, "server_sessions", s => new { s.TenantId, s.IdHash }, b =>
        {
            b.Property(s => s.IdHash).HasMaxLength(32);
            b.HasIndex(s => new { s.TenantId, s.AbsoluteExpiresAt });

            // The browser's id is the only key a request has before its tenant is known (policy session_lookup_by_id_hash).
            b.HasIndex(s => s.IdHash).IsUnique();
        });

        TenantTable<TenantDeletionConfirmation>(model, "tenant_deletion_confirmations", c => new { c.TenantId, c.ConfirmationHash }, b => b.Property(c => c.ConfirmationHash).HasMaxLength(32));

        TenantTable<TokenCacheEntry>(model, "token_cache_entries", t => new { t.TenantId, t.EntryId }, b =>
        {
            b.Property(t => t.EntryId).HasMaxLength(256);
            b.HasIndex(t => new { t.TenantId, t.ExpiresAt });
        });
    }

    private static void ConfigureAudit(ModelBuilder model)
    {
        TenantTable<AuditEvent>(model, "audit_events", e => new { e.TenantId, e.Sequence }, b => ConfigureAuditColumns(b));

        model.Entity<OperatorAuditEvent>(b =>
        {
            b.ToTable("operator_audit_events");
            b.HasKey(e => e.Sequence);
            b.Property(e => e.Sequence).ValueGeneratedNever();
            ConfigureAuditColumns(b);
        });

        // Anchored heads live apart from the chains they vouch for, with no foreign key into them:
        // deleting events must not take the evidence of their existence along (security-pitfalls 6).
        TenantTable<AuditAnchor>(model, "audit_anchors", a => new { a.TenantId, a.Sequence }, b => ConfigureAnchorColumns(b));
        model.Entity<OperatorAuditAnchor>(b =>
        {
            b.ToTable("operator_audit_anchors");
            b.HasKey(a => a.Sequence);
            ConfigureAnchorColumns(b);
        });
    }

    private static void ConfigureAnchorColumns<T>(EntityTypeBuilder<T> b)
        where T : class, IAnchoredHead
    {
        b.Property(a => a.Sequence).ValueGeneratedNever();
        b.Property(a => a.HeadHash).HasMaxLength(32);
        b.Property(a => a.SignedBy).HasMaxLength(64);
        b.Property(a => a.Signature).HasMaxLength(32);
    }

    private static void ConfigureAuditColumns<T>(EntityTypeBuilder<T> b)
        where T : class, IAuditLink
    {
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(128);
        b.Property(e => e.Target).HasMaxLength(512);
        b.Property(e => e.Outcome).HasMaxLength(32);
        b.Property(e => e.Source).HasMaxLength(64);
        b.Property(e => e.PreviousHash).HasMaxLength(32);
        b.Property(e => e.Hash).HasMaxLength(32);
    }

    /// <summary>A tenant table that references <c>tenants</c> directly, with cascade.</summary>
    private static void TenantTable<T>(
        ModelBuilder model,
        string table,
        System.Linq.Expressions.Expression<Func<T, object?>> key,
        Action<EntityTypeBuilder<T>>? configure = null)
        where T : class, ITenantOwned
    {
        model.Entity<T>(b =>
        {
            b.ToTable(table);
            b.HasKey(key);
            b.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
            configure?.Invoke(b);
        });
    }

    /// <summary>
    /// A table of one scan's rows. Its only foreign key is the composite <c>(tenant_id, scan_id)</c> to
    /// <c>scans</c>, with cascade: a scan's rows can only belong to that scan's tenant, and the purge
    /// reaches them through <c>scans</c>' own cascading key to <c>tenants</c>. A direct key to
    /// <c>tenants</c> would add nothing to either promise but a second referential check on every
    /// inserted row, which is most of what bulk-loading a scan costs (BENCHMARKS.md).
    /// </summary>
    private static void ScanTable<T>(
        ModelBuilder model,
        string table,
        System.Linq.Expressions.Expression<Func<T, object?>> key,
        Action<EntityTypeBuilder<T>>? configure = null)
        where T : class, ITenantOwned
    {
        model.Entity<T>(b =>
        {
            b.ToTable(table);
            b.HasKey(key);
            b.HasOne<Scan>().WithMany()
                .HasForeignKey(nameof(ITenantOwned.TenantId), "ScanId")
                .HasPrincipalKey(nameof(Scan.TenantId), nameof(Scan.Id))
                .OnDelete(DeleteBehavior.Cascade);
            configure?.Invoke(b);
        });
    }
}

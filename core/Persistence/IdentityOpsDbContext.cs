using System.Linq.Expressions;
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

namespace IdentityOps.Core.Persistence;

/// <summary>
/// The application's view of the database, always on behalf of one tenant. Two walls keep tenants
/// apart: every query carries this context's tenant filter (the application's wall), and every
/// transaction sets <c>app.tenant_id</c> for PostgreSQL's forced row-level security (the database's
/// wall). Either one alone returns no foreign rows; the tests check each on its own.
/// </summary>
public sealed class IdentityOpsDbContext : DbContext
{
    private readonly ITenantContext tenantContext;

    public IdentityOpsDbContext(DbContextOptions<IdentityOpsDbContext> options, ITenantContext tenantContext)
        : base(options)
    {
        this.tenantContext = tenantContext;

        // EF Core skips the transaction for a single-statement SaveChanges; ours needs one for the
        // tenant setting, and RequireTransactionInterceptor refuses commands without it.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

    /// <summary>The tenant this context works for, or null when none is set.</summary>
    public Guid? CurrentTenantId => tenantContext.TenantId;

    // Read by the query filters. Guid.Empty is no tenant's id, so with no tenant set every
    // filtered query returns no rows rather than all rows.
    internal Guid FilterTenantId => tenantContext.TenantId ?? Guid.Empty;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<ActivityEntry> ActivityEntries => Set<ActivityEntry>();
    public DbSet<Scan> Scans => Set<Scan>();
    public DbSet<ApplicationRecord> Applications => Set<ApplicationRecord>();
    public DbSet<ServicePrincipalRecord> ServicePrincipals => Set<ServicePrincipalRecord>();
    public DbSet<CredentialRecord> Credentials => Set<CredentialRecord>();
    public DbSet<OwnerRecord> Owners => Set<OwnerRecord>();
    public DbSet<DelegatedGrantRecord> DelegatedGrants => Set<DelegatedGrantRecord>();
    public DbSet<AppRoleAssignmentRecord> AppRoleAssignments => Set<AppRoleAssignmentRecord>();
    public DbSet<RoleDefinitionRecord> RoleDefinitions => Set<RoleDefinitionRecord>();
    public DbSet<RoleAssignmentRecord> RoleAssignments => Set<RoleAssignmentRecord>();
    public DbSet<UserRecord> Users => Set<UserRecord>();
    public DbSet<SignInDailySummary> SignInDailySummaries => Set<SignInDailySummary>();
    public DbSet<MfaRegistrationRecord> MfaRegistrations => Set<MfaRegistrationRecord>();
    public DbSet<TenantPolicyRecord> TenantPolicies => Set<TenantPolicyRecord>();
    public DbSet<AppSignInActivityRecord> AppSignInActivities => Set<AppSignInActivityRecord>();
    public DbSet<FederatedCredentialRecord> FederatedCredentials => Set<FederatedCredentialRecord>();
    public DbSet<GroupMemberRecord> GroupMembers => Set<GroupMemberRecord>();
    public DbSet<RoleScheduleRecord> RoleSchedules => Set<RoleScheduleRecord>();
    public DbSet<Finding> Findings => Set<Finding>();
    public DbSet<RuleOutcomeRecord> RuleOutcomes => Set<RuleOutcomeRecord>();
    public DbSet<RiskAcceptance> RiskAcceptances => Set<RiskAcceptance>();
    public DbSet<TenantRuleSettings> RuleSettings => Set<TenantRuleSettings>();
    public DbSet<DeltaLink> DeltaLinks => Set<DeltaLink>();
    public DbSet<AlertConfiguration> AlertConfigurations => Set<AlertConfiguration>();
    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ServerSession> ServerSessions => Set<ServerSession>();

    public DbSet<TenantDeletionConfirmation> TenantDeletionConfirmations => Set<TenantDeletionConfirmation>();
    public DbSet<TokenCacheEntry> TokenCacheEntries => Set<TokenCacheEntry>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<OperatorAuditEvent> OperatorAuditEvents => Set<OperatorAuditEvent>();
    public DbSet<AuditAnchor> AuditAnchors => Set<AuditAnchor>();
    public DbSet<OperatorAuditAnchor> OperatorAuditAnchors => Set<OperatorAuditAnchor>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        IdentityOpsModel.Configure(modelBuilder);
        ApplyTenantFilters(modelBuilder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseForeignTenantWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseForeignTenantWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void ApplyTenantFilters(ModelBuilder modelBuilder)
    {
        var context = Expression.Constant(this);
        var filterTenant = Expression.Property(context, nameof(FilterTenantId));

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            var clrType = entityType.ClrType;
            var tenantKey = clrType == typeof(Tenant) ? nameof(Tenant.Id)
                : typeof(ITenantOwned).IsAssignableFrom(clrType) ? nameof(ITenantOwned.TenantId)
                : null;
            if (tenantKey is null)
            {
                continue;
            }

            var row = Expression.Parameter(clrType, "row");
            var filter = Expression.Lambda(Expression.Equal(Expression.Property(row, tenantKey), filterTenant), row);
            modelBuilder.Entity(clrType).HasQueryFilter(filter);
        }
    }

    // The database refuses these too (RLS WITH CHECK); failing here first gives a clear error
    // instead of a policy violation, and keeps the wall when RLS is off.
    private void RefuseForeignTenantWrites()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var owner = entry.Entity switch
            {
                Tenant tenant => tenant.Id,
                ITenantOwned owned => owned.TenantId,
                _ => (Guid?)null,
            };
            if (owner is { } tenantId && tenantId != CurrentTenantId)
            {
                throw new TenantIsolationException(
                    $"A {entry.Metadata.ClrType.Name} of another tenant cannot be written in this tenant's unit of work.");
            }
        }
    }
}

/// <summary>Thrown when code tries to cross from one tenant's data into another's.</summary>
public sealed class TenantIsolationException(string message) : InvalidOperationException(message);

using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Identity;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Testing;

/// <summary>
/// Writes one row into every tenant table for a tenant, through the application role, so isolation
/// tests have something of each tenant to find. A test checks that it reaches every tenant table
/// of the live schema, so a new table cannot be left out of the isolation tests.
/// </summary>
public static class TenantDataSeeder
{
    public static async Task<Guid> SeedAsync(TenantDatabase database, Guid tenantId, string name)
    {
        var now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        var scanId = Guid.NewGuid();
        var userId = Guid.NewGuid();
        var appId = Guid.NewGuid();
        var objectId = Guid.NewGuid();

        await using var db = database.CreateApplicationContext(tenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                db.Tenants.Add(new Tenant { Id = tenantId, DisplayName = name, CreatedAt = now });
                db.TeamMembers.Add(new TeamMember { TenantId = tenantId, UserObjectId = userId, DisplayName = $"{name} admin", Role = TeamRole.Admin, AddedAt = now });
                db.ActivityEntries.Add(new ActivityEntry { TenantId = tenantId, Id = Guid.NewGuid(), OccurredAt = now, Kind = "scan.finished", Summary = $"{name} scan finished" });
                var alertId = Guid.NewGuid();
                var webhookId = Guid.NewGuid();
                db.AlertConfigurations.Add(new AlertConfiguration { TenantId = tenantId, Id = alertId, Name = "Daily", Schedule = "daily", UpdatedAt = now, Recipients = [$"secops@{name}.example"] });
                db.AlertDeliveries.Add(new AlertDelivery { TenantId = tenantId, Id = Guid.NewGuid(), AlertConfigurationId = alertId, Recipient = $"secops@{name}.example", Period = "daily:2026-11-25", IdempotencyId = new string('a', 64), Subject = $"{name} digest", HtmlBody = "<p>digest</p>", TextBody = "digest", UnsubscribeUrl = "https://identityops.example/alerts/unsubscribe?token=x", NextAttemptAt = now, CreatedAt = now });
                db.WebhookEndpoints.Add(new WebhookEndpoint { TenantId = tenantId, Id = webhookId, ProtectedUrl = [0x09, 0xF1], UrlOrigin = $"https://{name}.example", UrlFingerprint = "0badf00d", Description = $"{name} SIEM", ProtectedSigningMaterial = [0x09, 0xF0], CreatedBy = userId, CreatedAt = now });
                db.WebhookDeliveries.Add(new WebhookDelivery { TenantId = tenantId, Id = Guid.NewGuid(), EndpointId = webhookId, MessageId = $"msg_{name}", EventType = "alert.digest", Payload = "{}", NextAttemptAt = now, CreatedAt = now });
                db.Scans.Add(new Scan { TenantId = tenantId, Id = scanId, RequestedBy = userId, RequestedAt = now, Status = ScanStatus.Succeeded });
                db.DeltaLinks.Add(new DeltaLink { TenantId = tenantId, Collection = "applications", ScanId = scanId, Link = "https://graph.microsoft.com/v1.0/applications/delta?$deltatoken=opaque", ObtainedAt = now });
                db.Applications.Add(new ApplicationRecord { TenantId = tenantId, ScanId = scanId, ObjectId = objectId, AppId = appId, DisplayName = $"{name} app", WebRedirectUris = ["https://app.example/callback"] });
                db.ServicePrincipals.Add(new ServicePrincipalRecord { TenantId = tenantId, ScanId = scanId, ObjectId = Guid.NewGuid(), AppId = appId, DisplayName = $"{name} sp", AccountEnabled = true });
                db.Credentials.Add(new CredentialRecord { TenantId = tenantId, ScanId = scanId, OwnerObjectId = objectId, CredentialId = Guid.NewGuid(), OwnerKind = CredentialOwnerKind.Application, Kind = CredentialKind.Password, EndsAt = now.AddDays(20) });
                db.Owners.Add(new OwnerRecord { TenantId = tenantId, ScanId = scanId, OwnedObjectId = objectId, OwnerObjectId = userId, OwnerType = "user" });
                db.DelegatedGrants.Add(new DelegatedGrantRecord { TenantId = tenantId, ScanId = scanId, GrantId = $"grant-{name}", ClientId = Guid.NewGuid(), ResourceId = Guid.NewGuid(), ConsentType = "AllPrincipals", Scopes = ["Mail.Read"] });
                db.AppRoleAssignments.Add(new AppRoleAssignmentRecord { TenantId = tenantId, ScanId = scanId, AssignmentId = $"ara-{name}", AppRoleId = Guid.NewGuid(), PrincipalId = Guid.NewGuid(), PrincipalType = "ServicePrincipal", ResourceId = Guid.NewGuid() });
                db.RoleDefinitions.Add(new RoleDefinitionRecord { TenantId = tenantId, ScanId = scanId, RoleDefinitionId = "62e90394-69f5-4237-9190-012177145e10", DisplayName = "Global Administrator", IsBuiltIn = true, IsPrivileged = true });
                db.RoleAssignments.Add(new RoleAssignmentRecord { TenantId = tenantId, ScanId = scanId, AssignmentId = $"ra-{name}", RoleDefinitionId = "62e90394-69f5-4237-9190-012177145e10", PrincipalId = userId });
                db.Users.Add(new UserRecord { TenantId = tenantId, ScanId = scanId, ObjectId = userId, DisplayName = $"{name} user", AccountEnabled = true });
                db.SignInDailySummaries.Add(new SignInDailySummary { TenantId = tenantId, ScanId = scanId, UserId = userId, AppId = appId, Day = new DateOnly(2026, 11, 24), ClientAppUsed = "Browser", SignIns = 3 });
                db.MfaRegistrations.Add(new MfaRegistrationRecord { TenantId = tenantId, ScanId = scanId, UserId = userId, IsMfaRegistered = true, MethodsRegistered = ["microsoftAuthenticatorPush"] });
                db.TenantPolicies.Add(new TenantPolicyRecord { TenantId = tenantId, ScanId = scanId, Kind = "authorizationPolicy", PolicyId = "authorizationPolicy", Settings = """{"allowUserConsentForRiskyApps":false}""" });
                db.AppSignInActivities.Add(new AppSignInActivityRecord { TenantId = tenantId, ScanId = scanId, AppId = appId, LastSignInAt = now.AddDays(-3) });
                db.FederatedCredentials.Add(new FederatedCredentialRecord { TenantId = tenantId, ScanId = scanId, ApplicationObjectId = objectId, CredentialId = $"fic-{name}", Name = "deploy", Issuer = "https://token.actions.githubusercontent.com", Subject = $"repo:{name}/infra:ref:refs/heads/main", Audiences = ["api://AzureADTokenExchange"] });
                db.GroupMembers.Add(new GroupMemberRecord { TenantId = tenantId, ScanId = scanId, GroupId = Guid.NewGuid(), MemberId = userId, MemberType = "user", GroupDisplayName = $"{name} admins" });
                db.RoleSchedules.Add(new RoleScheduleRecord { TenantId = tenantId, ScanId = scanId, ScheduleKind = RoleScheduleRecord.Active, ScheduleId = $"rasi-{name}", RoleDefinitionId = "62e90394-69f5-4237-9190-012177145e10", PrincipalId = userId, AssignmentType = "Assigned", MemberType = "Direct", StartsAt = now.AddDays(-90) });
                db.Findings.Add(new Finding { TenantId = tenantId, ScanId = scanId, Id = Guid.NewGuid(), RuleId = "APP-SECRET-EXPIRING-30", Severity = "medium", Category = "applications", ObjectType = "application", ObjectId = objectId.ToString(), Evidence = """{"daysLeft":20}""", Explanation = "expires soon", Remediation = "rotate it" });
                db.RuleOutcomes.Add(new RuleOutcomeRecord { TenantId = tenantId, ScanId = scanId, RuleId = "app-secret-expiring-30d", Evaluated = true, ObjectsEvaluated = 1, Findings = 1 });
                db.RiskAcceptances.Add(new RiskAcceptance { TenantId = tenantId, Id = Guid.NewGuid(), RuleId = "app-secret-expiring-30d", ObjectId = objectId.ToString(), Reason = $"{name} accepts", AcceptedBy = userId, AcceptedAt = now, ExpiresAt = now.AddDays(30) });
                db.RuleSettings.Add(new TenantRuleSettings { TenantId = tenantId, Settings = """{"staleUserDays":60}""", UpdatedAt = now });
                db.ServerSessions.Add(new ServerSession { TenantId = tenantId, IdHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), UserObjectId = userId, CreatedAt = now, RotateAfter = now.AddMinutes(15), AbsoluteExpiresAt = now.AddHours(24), ProtectedTicket = [1, 2, 3] });
                db.TenantDeletionConfirmations.Add(new Core.Lifecycle.DeleteTenantNow.TenantDeletionConfirmation { TenantId = tenantId, ConfirmationHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), RequestedBy = userId, ExpiresAt = now.AddSeconds(90) });
                db.TokenCacheEntries.Add(new TokenCacheEntry { TenantId = tenantId, EntryId = $"{tenantId}:{Guid.NewGuid():N}", ProtectedValue = [0x09, 0xF0, 0xC9, 0xF0] });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);

        await using var auditDb = database.CreateApplicationContext(tenantId);
        var trail = new TenantAuditTrail(auditDb, TimeProvider.System);
        var onboarded = await trail.AppendAsync(new AuditEntry($"user:{userId}", "tenant.onboarded", $"tenant:{tenantId}", "succeeded", "test"), CancellationToken.None);

        // An anchored head of that chain (audit_anchors); signed with a throwaway key, the rows are what matter here.
        await using var anchorDb = database.CreateApplicationContext(tenantId);
        await anchorDb.InTenantTransactionAsync(
            async ct =>
            {
                anchorDb.AuditAnchors.Add(new AuditAnchor { TenantId = tenantId, Sequence = onboarded.Sequence, HeadHash = onboarded.Hash, AnchoredAt = now, SignedBy = "seed", Signature = new byte[32] });
                await anchorDb.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return scanId;
    }
}

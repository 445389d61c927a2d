using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Lifecycle.OnboardTenant;

/// <param name="TenantId">The validated id token's <c>tid</c>; never a value from a URL or form.</param>
/// <param name="AdminObjectId">The validated id token's <c>oid</c>: the admin who consented and signed in.</param>
/// <param name="DirectoryRoleTemplateIds">The validated id token's <c>wids</c>: the built-in directory roles the user holds (see <see cref="ConsentGrantingRoles"/>).</param>
public sealed record OnboardTenantRequest(Guid TenantId, Guid AdminObjectId, string AdminDisplayName, IReadOnlyCollection<Guid> DirectoryRoleTemplateIds);

public enum OnboardTenantOutcome
{
    /// <summary>The tenant record and its first team admin were created (and audited).</summary>
    Onboarded,

    /// <summary>The tenant was already onboarded; nothing changed (its team is managed by its admins).</summary>
    AlreadyOnboarded,

    /// <summary>
    /// The tenant has no record and the user holds no directory role that can grant the admin consent
    /// (<see cref="ConsentGrantingRoles"/>): nothing was created.
    /// </summary>
    RefusedNotDirectoryAdmin,
}

/// <summary>
/// The first sign-in after an admin consented: creates the tenant's record from the token's tenant id
/// and makes that admin the team's first Admin, in one transaction with its audit events. A tenant
/// that exists is left as it is, so consenting again never adds anyone to an existing team. Only a
/// holder of a directory role that can grant the consent may create it (<see cref="ConsentGrantingRoles"/>):
/// the consent callback's <c>admin_consent=True</c> is an unsigned query value, and a tenant that
/// consented earlier but has no record (after "delete now", the day-30 purge, or when the consenting
/// admin never signed in) must not go to whichever member signs in first. This command is the only
/// place a tenant record is created, so every path (re-onboarding after a deletion included) passes it.
/// </summary>
public sealed class OnboardTenantCommand(IdentityOpsDbContext db, TenantAuditTrail audit, TimeProvider time)
{
    public async Task<OnboardTenantOutcome> OnboardAsync(OnboardTenantRequest request, CancellationToken cancellationToken)
    {
        if (await db.InTenantTransactionAsync(request.TenantId, ct => ExistsAsync(request.TenantId, ct), cancellationToken))
        {
            return OnboardTenantOutcome.AlreadyOnboarded;
        }

        if (!ConsentGrantingRoles.CanGrantConsent(request.DirectoryRoleTemplateIds))
        {
            return OnboardTenantOutcome.RefusedNotDirectoryAdmin;
        }

        var now = time.GetUtcNow();
        var displayName = string.IsNullOrWhiteSpace(request.AdminDisplayName) ? "Admin" : request.AdminDisplayName.Trim();
        try
        {
            await db.InTenantTransactionAsync(
                request.TenantId,
                async ct =>
                {
                    db.Tenants.Add(new Tenant { Id = request.TenantId, DisplayName = $"Tenant {request.TenantId:D}", CreatedAt = now });
                    db.TeamMembers.Add(new TeamMember
                    {
                        TenantId = request.TenantId,
                        UserObjectId = request.AdminObjectId,
                        DisplayName = displayName[..Math.Min(displayName.Length, 256)],
                        Role = TeamRole.Admin,
                        AddedAt = now,
                    });
                    await db.SaveChangesAsync(ct);
                    await audit.AppendAsync(new AuditEntry($"user:{request.AdminObjectId:D}", "tenant.onboarded", $"tenant:{request.TenantId:D}", "succeeded", "web"), ct);
                    await audit.AppendAsync(new AuditEntry($"user:{request.AdminObjectId:D}", "team.admin-added", $"user:{request.AdminObjectId:D}", "succeeded", "web"), ct);
                },
                cancellationToken);
            return OnboardTenantOutcome.Onboarded;
        }
        catch (DbUpdateException)
        {
            // Two first sign-ins at once: the other one onboarded the tenant (or the error is real).
            db.ChangeTracker.Clear();
            if (await IsOnboardedAsync(request.TenantId, cancellationToken))
            {
                return OnboardTenantOutcome.AlreadyOnboarded;
            }

            throw;
        }
    }

    /// <summary>Whether the tenant has a record (in any lifecycle state).</summary>
    public Task<bool> IsOnboardedAsync(Guid tenantId, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(ct => ExistsAsync(tenantId, ct), cancellationToken);

    private Task<bool> ExistsAsync(Guid tenantId, CancellationToken cancellationToken) => db.Tenants.AsNoTracking().AnyAsync(t => t.Id == tenantId, cancellationToken);
}

using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Lifecycle.OnboardTenant;

/// <param name="TenantId">The validated id token's <c>tid</c>; never a value from a URL or form.</param>
/// <param name="AdminObjectId">The validated id token's <c>oid</c>: the admin who consented and signed in.</param>
public sealed record OnboardTenantRequest(Guid TenantId, Guid AdminObjectId, string AdminDisplayName);

public enum OnboardTenantOutcome
{
    /// <summary>The tenant record and its first team admin were created (and audited).</summary>
    Onboarded,

    /// <summary>The tenant was already onboarded; nothing changed (its team is managed by its admins).</summary>
    AlreadyOnboarded,
}

/// <summary>
/// The first sign-in after an admin consented: creates the tenant's record from the token's tenant id
/// and makes that admin the team's first Admin, in one transaction with its audit events. A tenant
/// that exists is left as it is, so consenting again never adds anyone to an existing team.
/// </summary>
public sealed class OnboardTenantCommand(IdentityOpsDbContext db, TenantAuditTrail audit, TimeProvider time)
{
    public async Task<OnboardTenantOutcome> OnboardAsync(OnboardTenantRequest request, CancellationToken cancellationToken)
    {
        if (await db.InTenantTransactionAsync(request.TenantId, ct => ExistsAsync(request.TenantId, ct), cancellationToken))
        {
            return OnboardTenantOutcome.AlreadyOnboarded;
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

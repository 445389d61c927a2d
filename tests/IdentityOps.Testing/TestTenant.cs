using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Testing;

/// <summary>An onboarded tenant of a test with one admin and one reader on its team.</summary>
public sealed record TestTenant(Guid Id, Guid AdminId, Guid ReaderId)
{
    /// <summary>Adds the tenant and its two team rows through the application role, as onboarding would.</summary>
    public static async Task<TestTenant> AddAsync(TenantDatabase database)
    {
        var tenant = new TestTenant(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var db = database.CreateApplicationContext(tenant.Id);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                db.Tenants.Add(new Tenant { Id = tenant.Id, DisplayName = "Tenant " + tenant.Id.ToString("N")[..6], CreatedAt = DateTimeOffset.UtcNow });
                db.TeamMembers.Add(new TeamMember { TenantId = tenant.Id, UserObjectId = tenant.AdminId, DisplayName = "Ada Admin", Role = TeamRole.Admin, AddedAt = DateTimeOffset.UtcNow });
                db.TeamMembers.Add(new TeamMember { TenantId = tenant.Id, UserObjectId = tenant.ReaderId, DisplayName = "Rita Reader", Role = TeamRole.Reader, AddedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return tenant;
    }
}

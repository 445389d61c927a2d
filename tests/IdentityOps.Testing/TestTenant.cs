using System.Text.Json;
using IdentityOps.Core.Inventory;
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

    /// <summary>
    /// The organization's verified domains as a finished scan records them (a succeeded scan and its
    /// <c>organization</c> record): alert recipients must be in them.
    /// </summary>
    public async Task AddVerifiedDomainsAsync(TenantDatabase database, params string[] domains)
    {
        ArgumentNullException.ThrowIfNull(database);
        var scanId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using var db = database.CreateApplicationContext(Id);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                db.Scans.Add(new Scan { TenantId = Id, Id = scanId, RequestedBy = AdminId, RequestedAt = now, FinishedAt = now, Status = ScanStatus.Succeeded });
                db.TenantPolicies.Add(new TenantPolicyRecord
                {
                    TenantId = Id, ScanId = scanId, Kind = "organization", PolicyId = Id.ToString("D"),
                    Settings = JsonSerializer.Serialize(new { entraIdP1 = true, entraIdP2 = true, verifiedDomains = domains }),
                });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
    }
}

using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Persistence.Inventory;

/// <summary>Reads one scan's inventory back from PostgreSQL, inside the caller's tenant transaction.</summary>
internal static class InventoryLoader
{
    public static async Task<TenantInventory> LoadAsync(IdentityOpsDbContext db, Scan scan, CancellationToken cancellationToken)
    {
        var id = scan.Id;
        var unavailable = JsonSerializer.Deserialize<Dictionary<string, string>>(scan.Unavailable) ?? [];
        return new TenantInventory
        {
            Applications = await db.Applications.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            ServicePrincipals = await db.ServicePrincipals.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            Credentials = await db.Credentials.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            Owners = await db.Owners.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            DelegatedGrants = await db.DelegatedGrants.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            AppRoleAssignments = await db.AppRoleAssignments.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            RoleDefinitions = await db.RoleDefinitions.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            RoleAssignments = await db.RoleAssignments.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            Users = await db.Users.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            SignIns = await db.SignInDailySummaries.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            MfaRegistrations = await db.MfaRegistrations.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            Policies = await db.TenantPolicies.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            AppSignInActivities = await db.AppSignInActivities.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            FederatedCredentials = await db.FederatedCredentials.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            GroupMembers = await db.GroupMembers.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            RoleSchedules = await db.RoleSchedules.AsNoTracking().Where(r => r.ScanId == id).ToListAsync(cancellationToken),
            Unavailable = unavailable,
            Collected = (JsonSerializer.Deserialize<Dictionary<string, long>>(scan.CollectionCounts) ?? []).Keys
                .Concat(unavailable.Keys)
                .ToHashSet(StringComparer.Ordinal),
        };
    }
}

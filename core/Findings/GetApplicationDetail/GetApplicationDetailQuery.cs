using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Findings.GetApplicationDetail;

/// <param name="ObjectId">The app registration's or the service principal's object id, as findings name them.</param>
public sealed record GetApplicationDetailRequest(Guid TenantId, Guid ObjectId);

public sealed record ApplicationDetail(
    Guid ScanId,
    DateTimeOffset? ScannedAt,
    string DisplayName,
    Guid AppId,
    ApplicationRecord? Registration,
    ServicePrincipalRecord? ServicePrincipal,
    IReadOnlyList<CredentialRecord> Credentials,
    IReadOnlyList<OwnerRecord> Owners,
    IReadOnlyList<GrantedAppRole> GrantedAppRoles,
    IReadOnlyList<DelegatedGrantRecord> DelegatedGrants,
    IReadOnlyList<Finding> Findings);

/// <param name="Name">The permission's name when it is a Microsoft Graph permission IdentityOps knows, else its id.</param>
public sealed record GrantedAppRole(Guid AppRoleId, string Name, PermissionTier Tier, string? ResourceDisplayName, DateTimeOffset? GrantedAt);

/// <summary>
/// One application as the latest successful scan saw it: registration and enterprise application,
/// credentials (metadata only: kind, name, validity window) in time order, owners, application
/// permissions and delegated grants, and that scan's findings about either object. Null when the
/// object is not the tenant's: another tenant's id and an unknown one look the same.
/// </summary>
public sealed class GetApplicationDetailQuery(IdentityOpsDbContext db)
{
    public Task<ApplicationDetail?> GetAsync(GetApplicationDetailRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var scan = await db.Scans.AsNoTracking()
                    .Where(s => s.TenantId == request.TenantId && s.Status == ScanStatus.Succeeded)
                    .OrderByDescending(s => s.FinishedAt)
                    .Select(s => new { s.Id, s.FinishedAt })
                    .FirstOrDefaultAsync(ct);
                if (scan is null)
                {
                    return null;
                }

                var inScan = new ScanScope(db, request.TenantId, scan.Id);
                var registration = await inScan.Applications.FirstOrDefaultAsync(a => a.ObjectId == request.ObjectId, ct);
                var registeredAppId = registration?.AppId;
                var servicePrincipal = await inScan.ServicePrincipals.FirstOrDefaultAsync(
                    s => s.ObjectId == request.ObjectId || (registeredAppId != null && s.AppId == registeredAppId), ct);
                if (registration is null && servicePrincipal is not null)
                {
                    registration = await inScan.Applications.FirstOrDefaultAsync(a => a.AppId == servicePrincipal.AppId, ct);
                }

                if (registration is null && servicePrincipal is null)
                {
                    return null;
                }

                var objectIds = new[] { registration?.ObjectId, servicePrincipal?.ObjectId }.OfType<Guid>().ToArray();
                var objectIdTexts = objectIds.Select(id => id.ToString()).ToArray();
                var credentials = await inScan.Credentials.Where(c => objectIds.Contains(c.OwnerObjectId)).ToListAsync(ct);
                var owners = await inScan.Owners.Where(o => objectIds.Contains(o.OwnedObjectId)).OrderBy(o => o.OwnerDisplayName).ToListAsync(ct);
                var assignments = servicePrincipal is null
                    ? []
                    : await inScan.AppRoleAssignments.Where(a => a.PrincipalId == servicePrincipal.ObjectId).ToListAsync(ct);
                var grants = servicePrincipal is null
                    ? []
                    : await inScan.DelegatedGrants.Where(g => g.ClientId == servicePrincipal.ObjectId).ToListAsync(ct);
                var findings = await db.Findings.AsNoTracking()
                    .Where(f => f.TenantId == request.TenantId && f.ScanId == scan.Id && objectIdTexts.Contains(f.ObjectId))
                    .OrderByDescending(f => f.Score).ThenBy(f => f.RuleId)
                    .ToListAsync(ct);

                return new ApplicationDetail(
                    scan.Id,
                    scan.FinishedAt,
                    registration?.DisplayName ?? servicePrincipal!.DisplayName,
                    registration?.AppId ?? servicePrincipal!.AppId,
                    registration,
                    servicePrincipal,
                    credentials.OrderBy(c => c.EndsAt ?? DateTimeOffset.MaxValue).ThenBy(c => c.CredentialId).ToList(),
                    owners,
                    assignments.Select(Describe).OrderByDescending(p => p.Tier).ThenBy(p => p.Name, StringComparer.Ordinal).ToList(),
                    grants.OrderBy(g => g.ConsentType, StringComparer.Ordinal).ToList(),
                    findings);
            },
            cancellationToken);

    private static GrantedAppRole Describe(AppRoleAssignmentRecord assignment)
    {
        var known = GraphPermissionTiers.Find(assignment.AppRoleId);
        return new GrantedAppRole(assignment.AppRoleId, known?.Name ?? assignment.AppRoleId.ToString(), known?.Tier ?? PermissionTier.None, assignment.ResourceDisplayName, assignment.CreatedAt);
    }

    /// <summary>The tenant's rows of one scan, untracked: every query here names both.</summary>
    private sealed class ScanScope(IdentityOpsDbContext db, Guid tenantId, Guid scanId)
    {
        public IQueryable<ApplicationRecord> Applications => db.Applications.AsNoTracking().Where(r => r.TenantId == tenantId && r.ScanId == scanId);

        public IQueryable<ServicePrincipalRecord> ServicePrincipals => db.ServicePrincipals.AsNoTracking().Where(r => r.TenantId == tenantId && r.ScanId == scanId);

        public IQueryable<CredentialRecord> Credentials => db.Credentials.AsNoTracking().Where(r => r.TenantId == tenantId && r.ScanId == scanId);

        public IQueryable<OwnerRecord> Owners => db.Owners.AsNoTracking().Where(r => r.TenantId == tenantId && r.ScanId == scanId);

        public IQueryable<AppRoleAssignmentRecord> AppRoleAssignments => db.AppRoleAssignments.AsNoTracking().Where(r => r.TenantId == tenantId && r.ScanId == scanId);

        public IQueryable<DelegatedGrantRecord> DelegatedGrants => db.DelegatedGrants.AsNoTracking().Where(r => r.TenantId == tenantId && r.ScanId == scanId);
    }
}

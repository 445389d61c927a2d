using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Scanning.GetScan;

public sealed record GetScanRequest(Guid TenantId, Guid ScanId);

/// <summary>One scan of the tenant, or null: another tenant's scan and a scan that never existed look the same.</summary>
public sealed class GetScanQuery(IdentityOpsDbContext db)
{
    public Task<ScanSummary?> GetAsync(GetScanRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var scan = await db.Scans.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == request.TenantId && s.Id == request.ScanId, ct);
                return scan is null ? null : ScanSummary.From(scan);
            },
            cancellationToken);
}

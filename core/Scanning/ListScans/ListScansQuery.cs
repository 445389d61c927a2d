using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Scanning.ListScans;

public sealed record ListScansRequest(Guid TenantId, PageRequest Page);

/// <summary>The tenant's scans, newest first.</summary>
public sealed class ListScansQuery(IdentityOpsDbContext db)
{
    public Task<Page<ScanSummary>> ListAsync(ListScansRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var scans = db.Scans.AsNoTracking().Where(s => s.TenantId == request.TenantId);
                var total = await scans.CountAsync(ct);
                var page = await scans
                    .OrderByDescending(s => s.RequestedAt).ThenBy(s => s.Id)
                    .Skip(request.Page.Skip).Take(request.Page.Size)
                    .ToListAsync(ct);
                return new Page<ScanSummary>(page.Select(ScanSummary.From).ToList(), request.Page.Number, request.Page.Size, total);
            },
            cancellationToken);
}

using System.Text.Json;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Findings.ListFindings;

public sealed record ListFindingsRequest(Guid TenantId, Guid ScanId, PageRequest Page);

/// <summary>A finding as the API lists it, with its evidence as JSON.</summary>
public sealed record FindingSummary(
    Guid Id,
    string RuleId,
    string Severity,
    string Category,
    string ObjectType,
    string ObjectId,
    string? ObjectDisplayName,
    decimal Score,
    JsonElement Evidence);

/// <summary>
/// One scan's findings, highest score first, a page at a time. Null when the scan is not the
/// tenant's: another tenant's scan and one that never existed look the same.
/// </summary>
public sealed class ListFindingsQuery(IdentityOpsDbContext db)
{
    public Task<Page<FindingSummary>?> ListAsync(ListFindingsRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                if (!await db.Scans.AnyAsync(s => s.TenantId == request.TenantId && s.Id == request.ScanId, ct))
                {
                    return null;
                }

                var findings = db.Findings.AsNoTracking().Where(f => f.TenantId == request.TenantId && f.ScanId == request.ScanId);
                var total = await findings.CountAsync(ct);
                var page = await findings
                    .OrderByDescending(f => f.Score).ThenBy(f => f.RuleId).ThenBy(f => f.Id)
                    .Skip(request.Page.Skip).Take(request.Page.Size)
                    .ToListAsync(ct);
                var items = page
                    .Select(f => new FindingSummary(f.Id, f.RuleId, f.Severity, f.Category, f.ObjectType, f.ObjectId, f.ObjectDisplayName, f.Score, JsonDocument.Parse(f.Evidence).RootElement.Clone()))
                    .ToList();
                return (Page<FindingSummary>?)new Page<FindingSummary>(items, request.Page.Number, request.Page.Size, total);
            },
            cancellationToken);
}

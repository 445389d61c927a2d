using IdentityOps.Core.Persistence;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Rules.Engine;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Findings.GetFinding;

public sealed record GetFindingRequest(Guid TenantId, Guid FindingId);

/// <summary>One finding with its rule and acceptance. Null when it is not the tenant's: another tenant's id and an unknown one look the same.</summary>
public sealed class GetFindingQuery(IdentityOpsDbContext db, RuleCatalog catalog)
{
    public Task<ReportFinding?> GetAsync(GetFindingRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var finding = await db.Findings.AsNoTracking().SingleOrDefaultAsync(f => f.TenantId == request.TenantId && f.Id == request.FindingId, ct);
                if (finding is null || catalog.Find(finding.RuleId) is not { } rule)
                {
                    return null;
                }

                var acceptance = finding.AcceptanceId is { } id
                    ? await db.RiskAcceptances.AsNoTracking().SingleOrDefaultAsync(a => a.TenantId == request.TenantId && a.Id == id, ct)
                    : null;
                return new ReportFinding(finding, rule.Definition, acceptance);
            },
            cancellationToken);
}

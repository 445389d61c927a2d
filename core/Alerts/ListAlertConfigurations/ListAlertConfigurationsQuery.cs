using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.ListAlertConfigurations;

public sealed record ListAlertConfigurationsRequest(Guid TenantId);

/// <summary>The tenant's alert configurations, by name.</summary>
public sealed class ListAlertConfigurationsQuery(IdentityOpsDbContext db)
{
    public Task<IReadOnlyList<AlertConfigurationView>> ListAsync(ListAlertConfigurationsRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var configurations = await db.AlertConfigurations.AsNoTracking()
                    .Where(a => a.TenantId == request.TenantId)
                    .OrderBy(a => a.Name).ThenBy(a => a.Id)
                    .ToListAsync(ct);
                return (IReadOnlyList<AlertConfigurationView>)configurations.Select(AlertConfigurationView.From).ToList();
            },
            cancellationToken);
}

using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.SaveAlertConfiguration;

/// <param name="AlertId">The configuration to change, or null to create one.</param>
public sealed record SaveAlertConfigurationRequest(Guid TenantId, Guid ChangedBy, Guid? AlertId, AlertSettings Settings);

/// <summary>How a save went: saved, invalid (with the problems per field), or no such configuration.</summary>
public sealed record SaveAlertConfigurationResult(AlertConfigurationView? Saved, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool NotFound => Saved is null && Errors.Count == 0;
}

/// <summary>Creates or changes one of the tenant's alert configurations, with an audit event in the same transaction.</summary>
public sealed class SaveAlertConfigurationCommand(IdentityOpsDbContext db, TenantAuditTrail audit, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public async Task<SaveAlertConfigurationResult> SaveAsync(SaveAlertConfigurationRequest request, CancellationToken cancellationToken)
    {
        return await db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var errors = request.Settings.Validate();
                if (errors.Count > 0)
                {
                    return new SaveAlertConfigurationResult(null, errors);
                }

                var settings = request.Settings;
                AlertConfiguration configuration;
                if (request.AlertId is { } id)
                {
                    var existing = await db.AlertConfigurations.SingleOrDefaultAsync(a => a.TenantId == request.TenantId && a.Id == id, ct);
                    if (existing is null)
                    {
                        return new SaveAlertConfigurationResult(null, NoErrors);
                    }

                    configuration = existing;
                }
                else
                {
                    configuration = new AlertConfiguration { TenantId = request.TenantId, Id = Guid.NewGuid(), Name = string.Empty, Schedule = string.Empty, UpdatedAt = time.GetUtcNow() };
                    db.AlertConfigurations.Add(configuration);
                }

                configuration.Name = settings.Name!.Trim();
                configuration.Enabled = settings.Enabled;
                configuration.Triggers = [.. settings.Triggers ?? []];
                configuration.Recipients = [.. settings.Recipients ?? []];
                configuration.Schedule = settings.Schedule!;
                configuration.SendHourUtc = settings.SendHourUtc;
                configuration.UpdatedAt = time.GetUtcNow();
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(
                    new AuditEntry($"user:{request.ChangedBy:D}", request.AlertId is null ? "alerts.created" : "alerts.changed", $"alert:{configuration.Id:D}", "succeeded", "api"), ct);
                return new SaveAlertConfigurationResult(AlertConfigurationView.From(configuration), NoErrors);
            },
            cancellationToken);
    }
}

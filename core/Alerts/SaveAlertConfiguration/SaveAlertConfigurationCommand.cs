using IdentityOps.Core.Alerts.Recipients;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Alerts.SaveAlertConfiguration;

/// <param name="AlertId">The configuration to change, or null to create one.</param>
public sealed record SaveAlertConfigurationRequest(Guid TenantId, Guid ChangedBy, Guid? AlertId, AlertSettings Settings);

/// <summary>How a save went: saved, invalid (with the problems per field), or no such configuration.</summary>
public sealed record SaveAlertConfigurationResult(AlertConfigurationView? Saved, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool NotFound => Saved is null && Errors.Count == 0;
}

/// <summary>
/// Creates or changes one of the tenant's alert configurations, with an audit event in the same transaction.
/// Refused, with the reason per field and a log line: recipients outside the organization's verified domains
/// (<see cref="VerifiedDomains"/>), and a configuration beyond <see cref="AlertQuotaOptions.MaxConfigurationsPerTenant"/>.
/// </summary>
public sealed partial class SaveAlertConfigurationCommand(
    IdentityOpsDbContext db,
    TenantAuditTrail audit,
    IOptions<AlertQuotaOptions> quotas,
    TimeProvider time,
    ILogger<SaveAlertConfigurationCommand> logger)
{
    /// <summary>The error key of problems with the configuration as a whole (the per-tenant limit).</summary>
    public const string AlertErrorKey = "alert";

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
                    var limit = quotas.Value.MaxConfigurationsPerTenant;
                    if (await db.AlertConfigurations.CountAsync(a => a.TenantId == request.TenantId, ct) >= limit)
                    {
                        LogRefused(request.TenantId, "the limit of alert configurations");
                        return new SaveAlertConfigurationResult(null, new Dictionary<string, string[]>
                        {
                            [AlertErrorKey] = [$"An organization may have up to {limit} alert configurations; change or remove one instead."],
                        });
                    }

                    configuration = new AlertConfiguration { TenantId = request.TenantId, Id = Guid.NewGuid(), Name = string.Empty, Schedule = string.Empty, UpdatedAt = time.GetUtcNow() };
                }

                // After the lookup: another tenant's id answers "not found", exactly as a missing one does.
                if (await RefusedRecipientsAsync(request.TenantId, settings.Recipients ?? [], ct) is { } refused)
                {
                    LogRefused(request.TenantId, "recipients outside the verified domains");
                    return new SaveAlertConfigurationResult(null, new Dictionary<string, string[]> { ["recipients"] = [refused] });
                }

                if (request.AlertId is null)
                {
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

    // The message for recipients that may not be used, or null when all may (or there are none).
    private async Task<string?> RefusedRecipientsAsync(Guid tenantId, IReadOnlyList<string> recipients, CancellationToken ct)
    {
        if (recipients.Count == 0)
        {
            return null;
        }

        var domains = await VerifiedDomains.LoadAsync(db, tenantId, ct);
        if (domains is null)
        {
            return "Alerts go only to addresses in your organization's verified domains, which IdentityOps reads during a scan, and no finished scan has read them yet. Run a scan, then save again.";
        }

        var outside = recipients.Where(r => !domains.Allow(r)).ToList();
        return outside.Count == 0
            ? null
            : $"Alerts go only to addresses in your organization's verified domains ({domains.Describe()}) or their subdomains. Not allowed: {string.Join(", ", outside)}.";
    }

    // Never the addresses: they are personal data, and the log is not the place for them.
    [LoggerMessage(Level = LogLevel.Warning, Message = "An alert configuration of tenant {TenantId} was refused: {Reason}")]
    private partial void LogRefused(Guid tenantId, string reason);
}

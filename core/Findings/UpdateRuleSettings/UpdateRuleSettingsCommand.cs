using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Findings.UpdateRuleSettings;

/// <param name="ChangedBy">Entra object id of the admin, from their token.</param>
public sealed record UpdateRuleSettingsRequest(Guid TenantId, RuleSettings Settings, Guid ChangedBy);

/// <summary>
/// Stores a tenant's rule thresholds and break-glass accounts after validating them, with an audit event
/// in the same transaction. The next evaluation uses them.
/// </summary>
public sealed class UpdateRuleSettingsCommand(IdentityOpsDbContext db, TenantAuditTrail audit, TimeProvider time)
{
    public Task RunAsync(UpdateRuleSettingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                Validate(request.Settings);
                var json = JsonSerializer.Serialize(request.Settings, FindingJson.Options);
                var now = time.GetUtcNow();
                var stored = await db.RuleSettings.SingleOrDefaultAsync(s => s.TenantId == request.TenantId, ct);
                if (stored is null)
                {
                    db.RuleSettings.Add(new TenantRuleSettings { TenantId = request.TenantId, Settings = json, UpdatedAt = now });
                }
                else
                {
                    stored.Settings = json;
                    stored.UpdatedAt = now;
                }

                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.ChangedBy}", "rules.settings-changed", $"tenant:{request.TenantId}", "succeeded", "rules"), ct);
            },
            cancellationToken);
    }

    private static void Validate(RuleSettings settings)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            throw new ValidationException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }

        if (settings.SecretExpiryUrgentDays >= settings.SecretExpiryWarningDays)
        {
            throw new ValidationException("The urgent expiry window must be shorter than the warning window.");
        }

        if (settings.MinimumGlobalAdministrators > settings.MaximumGlobalAdministrators)
        {
            throw new ValidationException("The fewest Global Administrators cannot exceed the most.");
        }

        if (settings.BreakGlassAccounts.Count > 10 || settings.BreakGlassAccounts.Any(id => id == Guid.Empty))
        {
            throw new ValidationException("Name at most ten break-glass accounts, by their Entra object ids.");
        }
    }
}

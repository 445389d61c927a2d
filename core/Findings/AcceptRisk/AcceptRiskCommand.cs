using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules.Engine;

namespace IdentityOps.Core.Findings.AcceptRisk;

/// <param name="ObjectId">The finding's object id, as findings.json shows it.</param>
/// <param name="AcceptedBy">Entra object id of the admin, from their token.</param>
public sealed record AcceptRiskRequest(Guid TenantId, string RuleId, string ObjectId, string Reason, DateTimeOffset ExpiresAt, Guid AcceptedBy);

/// <summary>
/// Records an admin's acceptance of one finding with a reason and an expiry, and the audit event for it,
/// in one transaction. The next evaluation lists the finding as accepted until the expiry, then raises it again.
/// </summary>
public sealed class AcceptRiskCommand(IdentityOpsDbContext db, TenantAuditTrail audit, RuleCatalog catalog, TimeProvider time)
{
    /// <summary>Longest an acceptance may last before someone has to look again.</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromDays(365);

    public const int MaximumReasonLength = 2000;

    public Task<RiskAcceptance> RunAsync(AcceptRiskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var now = time.GetUtcNow();
                Validate(request, now);
                var acceptance = new RiskAcceptance
                {
                    TenantId = request.TenantId,
                    Id = Guid.NewGuid(),
                    RuleId = request.RuleId,
                    ObjectId = request.ObjectId,
                    Reason = request.Reason.Trim(),
                    AcceptedBy = request.AcceptedBy,
                    AcceptedAt = now,
                    ExpiresAt = request.ExpiresAt.ToUniversalTime(),
                };
                db.RiskAcceptances.Add(acceptance);
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(
                    new AuditEntry($"user:{request.AcceptedBy}", "risk.accepted", $"finding:{request.RuleId}/{request.ObjectId} until {acceptance.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}", "succeeded", "rules"),
                    ct);
                return acceptance;
            },
            cancellationToken);
    }

    private void Validate(AcceptRiskRequest request, DateTimeOffset now)
    {
        if (catalog.Find(request.RuleId) is null)
        {
            throw new RiskAcceptanceException($"There is no rule '{request.RuleId}'.");
        }

        if (string.IsNullOrWhiteSpace(request.ObjectId) || request.ObjectId.Length > 256)
        {
            throw new RiskAcceptanceException("The finding's object id is required (at most 256 characters).");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaximumReasonLength)
        {
            throw new RiskAcceptanceException($"A reason is required (at most {MaximumReasonLength} characters): reports show it beside the accepted risk.");
        }

        if (request.ExpiresAt <= now || request.ExpiresAt > now + MaximumDuration)
        {
            throw new RiskAcceptanceException("The expiry must be in the future and at most a year away: an accepted risk is looked at again.");
        }
    }
}

/// <summary>A risk acceptance that cannot be recorded; the message says why, in words an admin understands.</summary>
public sealed class RiskAcceptanceException(string message) : Exception(message);

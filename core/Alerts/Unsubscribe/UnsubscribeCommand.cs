using System.Security.Cryptography;
using System.Text;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.Unsubscribe;

public sealed record UnsubscribeRequest(string? Token);

public enum UnsubscribeOutcome
{
    /// <summary>The recipient was removed from the alert (with an audit event).</summary>
    Unsubscribed,

    /// <summary>A genuine token whose recipient is no longer on the alert (or the alert is gone): nothing to do.</summary>
    AlreadyUnsubscribed,

    /// <summary>Forged, altered, expired or malformed: refused, nothing changed.</summary>
    InvalidToken,
}

/// <summary>
/// GET/POST /alerts/unsubscribe?token=…: the one place a tenant comes from something other than the
/// signed-in principal — the token's Data Protection seal, checked before the tenant is set. The scope's
/// tenant context must still be empty: the command sets it from the verified token.
/// </summary>
public sealed class UnsubscribeCommand(IdentityOpsDbContext db, TenantContext tenant, UnsubscribeTokens tokens, TenantAuditTrail audit)
{
    public async Task<UnsubscribeOutcome> UnsubscribeAsync(UnsubscribeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (tokens.Read(request.Token) is not { } claim)
        {
            return UnsubscribeOutcome.InvalidToken;
        }

        tenant.Set(claim.TenantId);
        return await db.InTenantTransactionAsync(
            async ct =>
            {
                var configuration = await db.AlertConfigurations
                    .SingleOrDefaultAsync(a => a.TenantId == claim.TenantId && a.Id == claim.AlertConfigurationId, ct);
                if (configuration is null || !configuration.Recipients.Contains(claim.Recipient, StringComparer.OrdinalIgnoreCase))
                {
                    return UnsubscribeOutcome.AlreadyUnsubscribed;
                }

                configuration.Recipients = [.. configuration.Recipients.Where(r => !string.Equals(r, claim.Recipient, StringComparison.OrdinalIgnoreCase))];
                await db.SaveChangesAsync(ct);

                // The audit chain names the recipient by a hash: evidence of who left, without copying addresses into the chain.
                var recipientHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(claim.Recipient.ToUpperInvariant())))[..16];
                await audit.AppendAsync(new AuditEntry($"recipient:{recipientHash}", "alerts.unsubscribed", $"alert:{configuration.Id:D}", "succeeded", "email-link"), ct);
                return UnsubscribeOutcome.Unsubscribed;
            },
            cancellationToken);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Alerts.Digests;
using IdentityOps.Core.Alerts.Recipients;
using IdentityOps.Core.Alerts.Templates;
using IdentityOps.Core.Alerts.Unsubscribe;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Alerts.Outbox;

public sealed record QueueDueAlertsRequest(Guid TenantId, IReadOnlyList<DueDigest> Due);

/// <summary>
/// Writes due alerts into the outbox before anything is sent: one row per recipient per period
/// (rendered once, so every retry sends the same message) and one webhook event per enabled endpoint,
/// each inserted with <c>ON CONFLICT DO NOTHING</c> on its idempotency key. A second timer run, or two
/// at once, add nothing. Returns how many rows were new. A recipient outside the organization's verified domains
/// as the latest scan read them (a configuration saved before the check, or a domain removed since) is not sent
/// to: its row is written Failed with the reason, for the admin to see, and logged. While no scan has read the
/// domains, configurations saved before the check keep their recipients (the save is the gate then), so that a
/// tenant whose consent was revoked still hears about it.
/// </summary>
public sealed partial class QueueDueAlertsCommand(IdentityOpsDbContext db, UnsubscribeTokens unsubscribe, IOptions<AlertsOptions> options, TimeProvider time, ILogger<QueueDueAlertsCommand> logger)
{
    public const string DigestEventType = "alert.digest";

    public Task<int> QueueAsync(QueueDueAlertsRequest request, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var now = time.GetUtcNow();
                var endpoints = await db.WebhookEndpoints.AsNoTracking()
                    .Where(w => w.TenantId == request.TenantId && w.Enabled)
                    .Select(w => w.Id)
                    .ToListAsync(ct);
                var domains = await VerifiedDomains.LoadAsync(db, request.TenantId, ct);
                var added = 0;
                foreach (var (configuration, digest) in request.Due)
                {
                    var findingsUrl = Link(digest.LatestScanId is { } scan ? $"scans/{scan:D}" : "scans");
                    foreach (var recipient in configuration.Recipients.Distinct(StringComparer.OrdinalIgnoreCase))
                    {
                        var idempotencyId = IdempotencyId(request.TenantId, configuration.Id, recipient, digest.Period.Key);
                        var unsubscribeUrl = unsubscribe.Link(unsubscribe.Create(new UnsubscribeClaim(request.TenantId, configuration.Id, recipient)));
                        var message = AlertMessageRenderer.Render(digest, findingsUrl, unsubscribeUrl);
                        var refused = domains is not null && !domains.Allow(recipient);
                        var status = refused ? nameof(AlertDeliveryStatus.Failed) : nameof(AlertDeliveryStatus.Pending);
                        var reason = refused ? Truncate($"Not sent: the address is outside your organization's verified domains ({domains!.Describe()}).") : string.Empty;
                        var inserted = await db.Database.ExecuteSqlAsync($"""
                            INSERT INTO alert_deliveries (tenant_id, id, alert_configuration_id, recipient, period, idempotency_id, subject, html_body, text_body, unsubscribe_url, status, attempts, next_attempt_at, last_error, created_at)
                            VALUES ({request.TenantId}, {Guid.NewGuid()}, {configuration.Id}, {recipient}, {digest.Period.Key}, {idempotencyId}, {message.Subject}, {message.Html}, {message.Text}, {unsubscribeUrl.AbsoluteUri}, {status}, 0, {now}, NULLIF({reason}, ''), {now})
                            ON CONFLICT (tenant_id, alert_configuration_id, recipient, period) DO NOTHING
                            """, ct);
                        added += inserted;
                        if (refused && inserted > 0)
                        {
                            LogRecipientRefused(request.TenantId, configuration.Id);
                        }
                    }

                    foreach (var endpoint in endpoints)
                    {
                        var messageId = "msg_" + IdempotencyId(request.TenantId, endpoint, configuration.Id.ToString("N"), digest.Period.Key)[..32];
                        added += await db.Database.ExecuteSqlAsync($"""
                            INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, message_id, event_type, payload, status, attempts, next_attempt_at, created_at)
                            VALUES ({request.TenantId}, {Guid.NewGuid()}, {endpoint}, {messageId}, {DigestEventType}, {Payload(digest, now, findingsUrl)}, 'Pending', 0, {now}, {now})
                            ON CONFLICT (tenant_id, endpoint_id, message_id) DO NOTHING
                            """, ct);
                    }
                }

                return added;
            },
            cancellationToken);
    }

    /// <summary>Hex SHA-256 of the parts that make a message unique; the SMTP Message-ID and webhook-id derive from it.</summary>
    public static string IdempotencyId(Guid tenantId, Guid configurationOrEndpoint, string recipientOrConfiguration, string period)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{tenantId:N}\n{configurationOrEndpoint:N}\n{recipientOrConfiguration.ToUpperInvariant()}\n{period}")));

    // Never the address itself: the log is not the place for personal data.
    [LoggerMessage(Level = LogLevel.Warning, Message = "An alert e-mail of configuration {ConfigurationId} of tenant {TenantId} was not queued: its recipient is outside the verified domains")]
    private partial void LogRecipientRefused(Guid tenantId, Guid configurationId);

    private static string Truncate(string text) => text.Length <= 1024 ? text : text[..1021] + "...";

    private Uri Link(string path) => new(new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/"), path);

    // The event carries what the e-mail says, as data, and no recipient: receivers get the alert, not the mailing list.
    private static string Payload(AlertDigest digest, DateTimeOffset now, Uri findingsUrl)
        => JsonSerializer.Serialize(new
        {
            type = DigestEventType,
            timestamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            data = new
            {
                tenant = digest.TenantName,
                alert = digest.ConfigurationName,
                period = digest.Period.Key,
                findingsUrl = findingsUrl.AbsoluteUri,
                consentRevoked = digest.ConsentRevoked is not null,
                newFindings = digest.NewFindings.Select(f => new { severity = f.Severity, ruleId = f.RuleId, objectType = f.ObjectType, objectName = f.ObjectName }),
                scoreDrop = digest.ScoreDrop is { } s ? new { previous = s.Previous, current = s.Current } : null,
                failedScans = digest.FailedScans.Select(f => new { scanId = f.ScanId, reason = f.Reason }),
                expiringCredentials = digest.ExpiringCredentials.Select(c => new { application = c.ApplicationName, kind = c.Kind, daysLeft = c.DaysLeft }),
            },
        });
}

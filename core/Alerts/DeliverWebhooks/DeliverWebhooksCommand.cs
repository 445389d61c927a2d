using System.Net.Sockets;
using System.Text;
using IdentityOps.Core.Alerts.Delivery;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Alerts.DeliverWebhooks;

public sealed record DeliverWebhooksRequest(Guid TenantId);

public sealed record DeliverWebhooksResult(int Delivered, int Retrying, int Failed);

/// <summary>
/// Posts the tenant's due webhook events, signed (Standard Webhooks, a fresh timestamp per attempt, the
/// same <c>webhook-id</c> every time), through <see cref="WebhookTransport"/> only; records each attempt
/// in the delivery log and retries with exponential backoff. Webhooks are at-least-once, as the
/// specification expects: a claim pushes the row's next attempt past the request timeout, so a sender
/// that dies mid-request leaves it to be sent again, and receivers drop repeats by <c>webhook-id</c>.
/// </summary>
public sealed partial class DeliverWebhooksCommand(
    IdentityOpsDbContext db,
    WebhookTransport transport,
    WebhookSigningSecrets secrets,
    WebhookUrlProtection urls,
    IOptions<AlertsOptions> options,
    TimeProvider time,
    ILogger<DeliverWebhooksCommand> logger)
{
    private const int BatchLimit = 200;

    public async Task<DeliverWebhooksResult> DeliverAsync(DeliverWebhooksRequest request, CancellationToken cancellationToken)
    {
        await ProtectLegacyUrlsAsync(request.TenantId, cancellationToken);
        int delivered = 0, retrying = 0, failed = 0;
        for (var i = 0; i < BatchLimit; i++)
        {
            var claimed = await ClaimAsync(request.TenantId, cancellationToken);
            if (claimed is null)
            {
                break;
            }

            var (delivery, endpoint) = claimed.Value;
            var (status, error) = await PostAsync(delivery, endpoint, cancellationToken);
            var success = status is >= 200 and < 300;
            var final = !success && delivery.Attempts >= options.Value.MaxAttempts;
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    delivery.LastStatusCode = status;
                    delivery.LastError = success ? null : error ?? $"The endpoint answered {status}.";
                    delivery.Status = success ? WebhookDeliveryStatus.Delivered : final ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
                    delivery.DeliveredAt = success ? time.GetUtcNow() : null;
                    delivery.NextAttemptAt = time.GetUtcNow() + SendPendingAlertsCommand.Backoff(options.Value.RetryBaseDelay, delivery.Attempts);
                    db.WebhookDeliveries.Update(delivery);
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
            if (success)
            {
                delivered++;
            }
            else
            {
                LogFailed(request.TenantId, delivery.Id, delivery.Attempts, delivery.LastError!);
                if (final)
                {
                    failed++;
                }
                else
                {
                    retrying++;
                }
            }
        }

        return new DeliverWebhooksResult(delivered, retrying, failed);
    }

    // URLs saved in clear before migration I18D: encrypted on the tenant's first alert run after it, before any is used.
    private Task ProtectLegacyUrlsAsync(Guid tenantId, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            tenantId,
            async ct =>
            {
                var legacy = await db.WebhookEndpoints.Where(e => e.TenantId == tenantId && e.LegacyUrl != null).ToListAsync(ct);
                foreach (var endpoint in legacy)
                {
                    var url = urls.Protect(endpoint.LegacyUrl!);
                    (endpoint.ProtectedUrl, endpoint.UrlOrigin, endpoint.UrlFingerprint, endpoint.LegacyUrl) = (url.Ciphertext, url.Origin, url.Fingerprint, null);
                }

                if (legacy.Count > 0)
                {
                    await db.SaveChangesAsync(ct);
                    LogLegacyUrlsProtected(tenantId, legacy.Count);
                }
            },
            cancellationToken);

    private Task<(WebhookDelivery, WebhookEndpoint)?> ClaimAsync(Guid tenantId, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync<(WebhookDelivery, WebhookEndpoint)?>(
            tenantId,
            async ct =>
            {
                db.ChangeTracker.Clear();
                var now = time.GetUtcNow();
                var delivery = await db.WebhookDeliveries
                    .FromSql($"""
                        SELECT d.* FROM webhook_deliveries d
                        JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled AND e.protected_url IS NOT NULL
                        WHERE d.tenant_id = {tenantId} AND d.status = 'Pending' AND d.next_attempt_at <= {now}
                        ORDER BY d.next_attempt_at, d.id
                        LIMIT 1
                        FOR UPDATE OF d SKIP LOCKED
                        """)
                    .SingleOrDefaultAsync(ct);
                if (delivery is null)
                {
                    return null;
                }

                var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.TenantId == tenantId && e.Id == delivery.EndpointId, ct);
                delivery.Attempts++;
                delivery.NextAttemptAt = now + SafeOutboundHttpHandler.RequestTimeout + options.Value.SendLease;
                await db.SaveChangesAsync(ct);
                return (delivery, endpoint);
            },
            cancellationToken);

    private async Task<(int? Status, string? Error)> PostAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var secret = secrets.Unprotect(endpoint.ProtectedSigningMaterial);
        WebhookSignatureHeaders headers;
        try
        {
            headers = StandardWebhookSigner.Sign(secret, delivery.MessageId, time.GetUtcNow(), delivery.Payload);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, urls.Unprotect(endpoint.ProtectedUrl!))
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignatureHeaders.IdHeader, headers.Id);
        request.Headers.Add(WebhookSignatureHeaders.TimestampHeader, headers.Timestamp);
        request.Headers.Add(WebhookSignatureHeaders.SignatureHeader, headers.Signature);
        request.Headers.UserAgent.ParseAdd("IdentityOps-Webhooks/1");
        try
        {
            using var response = await transport.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, null);
        }
        catch (ForbiddenDestinationException error)
        {
            return (null, error.Message);
        }
        catch (HttpRequestException error) when (error.InnerException is ForbiddenDestinationException forbidden)
        {
            return (null, forbidden.Message);
        }
        catch (HttpRequestException error)
        {
            return (null, error.InnerException is SocketException socket ? $"The endpoint could not be reached ({socket.SocketErrorCode})." : $"The request failed ({error.HttpRequestError}).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "The endpoint did not answer in time.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} webhook URLs of tenant {TenantId} saved before encryption are now stored encrypted")]
    private partial void LogLegacyUrlsProtected(Guid tenantId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} of tenant {TenantId}, attempt {Attempt}, failed: {Reason}")]
    private partial void LogFailed(Guid tenantId, Guid deliveryId, int attempt, string reason);
}

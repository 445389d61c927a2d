using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.ManageWebhooks;

public sealed record CreateWebhookEndpointRequest(Guid TenantId, Guid CreatedBy, string? Url, string? Description);

/// <summary>
/// An endpoint as shown after it is made or rotated: <see cref="Secret"/> is shown this once and never again;
/// the URL itself not even once more (only its origin and fingerprint, <see cref="WebhookUrlProtection"/>).
/// </summary>
public sealed record WebhookSecretShown(Guid EndpointId, string Origin, string Fingerprint, string Secret);

public sealed record CreateWebhookEndpointResult(WebhookSecretShown? Created, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>Adds a webhook endpoint (https only), its URL and a new signing secret (shown once) stored encrypted, and an audit event.</summary>
public sealed class CreateWebhookEndpointCommand(IdentityOpsDbContext db, WebhookSigningSecrets secrets, WebhookUrlProtection urls, TenantAuditTrail audit, TimeProvider time)
{
    public const int MaxEndpoints = 10;

    public async Task<CreateWebhookEndpointResult> CreateAsync(CreateWebhookEndpointRequest request, CancellationToken cancellationToken)
    {
        return await db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var errors = WebhookUrl.Validate(request.Url, request.Description);
                if (errors.Count > 0)
                {
                    return new CreateWebhookEndpointResult(null, errors);
                }

                if (await db.WebhookEndpoints.CountAsync(w => w.TenantId == request.TenantId, ct) >= MaxEndpoints)
                {
                    return new CreateWebhookEndpointResult(null, new Dictionary<string, string[]> { ["url"] = [$"A tenant may have up to {MaxEndpoints} webhook endpoints."] });
                }

                var (shown, protectedSecret) = secrets.Create();
                var url = urls.Protect(request.Url!);
                var endpoint = new WebhookEndpoint
                {
                    TenantId = request.TenantId,
                    Id = Guid.NewGuid(),
                    ProtectedUrl = url.Ciphertext,
                    UrlOrigin = url.Origin,
                    UrlFingerprint = url.Fingerprint,
                    Description = request.Description?.Trim() ?? string.Empty,
                    ProtectedSigningMaterial = protectedSecret,
                    CreatedBy = request.CreatedBy,
                    CreatedAt = time.GetUtcNow(),
                };
                db.WebhookEndpoints.Add(endpoint);
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.CreatedBy:D}", "webhook.created", $"webhook:{endpoint.Id:D}", "succeeded", "api"), ct);
                return new CreateWebhookEndpointResult(new WebhookSecretShown(endpoint.Id, endpoint.UrlOrigin, endpoint.UrlFingerprint, shown), new Dictionary<string, string[]>());
            },
            cancellationToken);
    }
}

public sealed record RotateWebhookSecretRequest(Guid TenantId, Guid RotatedBy, Guid EndpointId);

/// <summary>Replaces an endpoint's signing secret (the old one stops at once); the new one is shown once. Null when there is no such endpoint.</summary>
public sealed class RotateWebhookSecretCommand(IdentityOpsDbContext db, WebhookSigningSecrets secrets, TenantAuditTrail audit, TimeProvider time)
{
    public Task<WebhookSecretShown?> RotateAsync(RotateWebhookSecretRequest request, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(w => w.TenantId == request.TenantId && w.Id == request.EndpointId, ct);
                if (endpoint is null)
                {
                    return null;
                }

                var (shown, protectedSecret) = secrets.Create();
                endpoint.ProtectedSigningMaterial = protectedSecret;
                endpoint.RotatedAt = time.GetUtcNow();
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.RotatedBy:D}", "webhook.secret-rotated", $"webhook:{endpoint.Id:D}", "succeeded", "api"), ct);
                return new WebhookSecretShown(endpoint.Id, endpoint.UrlOrigin, endpoint.UrlFingerprint, shown);
            },
            cancellationToken);
    }
}

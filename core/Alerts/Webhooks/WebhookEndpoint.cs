using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>
/// A tenant's receiver of signed alert events (a SIEM or a chat tool). The signing secret is shown
/// once, when made, and stored only as Data Protection ciphertext (AES-256-GCM); so is the URL, whose
/// path and query are the receiver's own bearer secret (<see cref="WebhookUrlProtection"/>).
/// </summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid Id { get; init; }
    /// <summary>Data Protection ciphertext of the URL (purpose <see cref="WebhookUrlProtection.Purpose"/>); null only while <see cref="LegacyUrl"/> waits to be protected.</summary>
    public byte[]? ProtectedUrl { get; set; }

    /// <summary><c>scheme://host[:port]</c>: all of the URL that is ever shown.</summary>
    public required string UrlOrigin { get; set; }

    /// <summary>The first 8 hex digits of the URL's SHA-256, to tell endpoints on one host apart.</summary>
    public required string UrlFingerprint { get; set; }

    /// <summary>
    /// A URL saved in clear before URLs were encrypted (migration I18D). The next alert run of the tenant
    /// protects it and clears this column (<c>ProtectLegacyWebhookUrls</c>); nothing new is written here.
    /// </summary>
    public string? LegacyUrl { get; set; }
    public required string Description { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Data Protection ciphertext of the 32 signing bytes (purpose <see cref="WebhookSigningSecrets.Purpose"/>).</summary>
    public required byte[] ProtectedSigningMaterial { get; set; }

    public required Guid CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RotatedAt { get; set; }
}

/// <summary>One event for one endpoint, and how its delivery went: the delivery log.</summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid Id { get; init; }
    public required Guid EndpointId { get; init; }

    /// <summary>The <c>webhook-id</c> header: the same on every retry, so receivers can drop duplicates.</summary>
    public required string MessageId { get; init; }

    public required string EventType { get; init; }

    /// <summary>The JSON body exactly as signed and sent.</summary>
    public required string Payload { get; init; }

    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;
    public int Attempts { get; set; }
    public required DateTimeOffset NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

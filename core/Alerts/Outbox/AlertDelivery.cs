using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Alerts.Outbox;

/// <summary>
/// Where one alert e-mail to one recipient for one period stands. The outbox row is written (with the
/// rendered message) before anything is sent, and its unique key — tenant, configuration, recipient,
/// period — is what makes a second timer run find the digest already there. See docs/alerts-and-webhooks.md.
/// </summary>
public sealed class AlertDelivery : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid Id { get; init; }
    public required Guid AlertConfigurationId { get; init; }
    public required string Recipient { get; init; }

    /// <summary>The digest period (<c>daily:2026-11-25</c>, <c>weekly:2026-W48</c>) or the scan an at-once alert is about (<c>scan:…</c>).</summary>
    public required string Period { get; init; }

    /// <summary>Hex SHA-256 of tenant, configuration, recipient and period; the SMTP Message-ID is made from it.</summary>
    public required string IdempotencyId { get; init; }

    public required string Subject { get; init; }
    public required string HtmlBody { get; init; }
    public required string TextBody { get; init; }

    /// <summary>The recipient's own unsubscribe link, for the List-Unsubscribe header (RFC 8058).</summary>
    public required string UnsubscribeUrl { get; init; }
    public AlertDeliveryStatus Status { get; set; } = AlertDeliveryStatus.Pending;
    public int Attempts { get; set; }
    public required DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>While <see cref="AlertDeliveryStatus.Sending"/>: until when the sender holds the row.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Why the last attempt failed, in words an admin can act on (never a credential).</summary>
    public string? LastError { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
}

public enum AlertDeliveryStatus
{
    /// <summary>Waiting for its first or next attempt (<see cref="AlertDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Claimed by a sender, committed before it talks to the SMTP server.</summary>
    Sending,

    /// <summary>The SMTP server accepted it.</summary>
    Sent,

    /// <summary>Every attempt failed; shown in the UI with the last error.</summary>
    Failed,

    /// <summary>A sender claimed it and never came back (its lease ran out): it may or may not have gone out, so it is not resent by itself but shown as needing attention.</summary>
    Unknown,
}

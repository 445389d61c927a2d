using System.ComponentModel.DataAnnotations;

namespace IdentityOps.Core.Alerts;

/// <summary>How alert e-mails are made and retried. Bound from <c>Alerts</c>.</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>The web app's address, for the links in e-mails (findings, unsubscribe).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>The sender address of alert e-mails.</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = string.Empty;

    public string FromName { get; set; } = "IdentityOps alerts";

    /// <summary>Attempts before a delivery is marked failed. The default is 6 (about an hour of backoff).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry delay; each further attempt doubles it. The default is 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a sender holds a claimed row before it counts as abandoned. The default is 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an unsubscribe link works. The default is 180 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "730.00:00:00")]
    public TimeSpan UnsubscribeLifetime { get; set; } = TimeSpan.FromDays(180);
}

/// <summary>
/// Per-tenant limits on what alerts may send, so that no tenant (or whoever holds its admin role) can turn the
/// product into a mailer. Bound from <c>Alerts:Quotas</c>; every limit has a default. (Recipients per
/// configuration are capped at <see cref="AlertSettings.MaxItems"/>, and only verified domains are accepted.)
/// </summary>
public sealed class AlertQuotaOptions
{
    public const string Section = "Alerts:Quotas";

    /// <summary>Alert configurations a tenant may have. The default is 20.</summary>
    [Range(1, 1000)]
    public int MaxConfigurationsPerTenant { get; set; } = 20;

    /// <summary>
    /// Alert e-mails a tenant may hand to the relay per UTC day. Past it, due e-mails wait (Pending, with the
    /// reason as their last error) until the next UTC day: deferred, never dropped. The default is 500.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxEmailsPerTenantPerDay { get; set; } = 500;
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>No TLS at all (a relay on the same host or network only).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS, which must succeed (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>The SMTP relay. Bound from <c>Alerts:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Alerts:Smtp";

    [Required]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>The default is <see cref="SmtpSecurity.StartTls"/>: set explicitly, never left to what the server offers.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

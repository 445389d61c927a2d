using System.Net.Sockets;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Persistence;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Alerts.Delivery;

public sealed record SendPendingAlertsRequest(Guid TenantId);

public sealed record SendPendingAlertsResult(int Sent, int Retrying, int Failed, int MarkedUnknown);

/// <summary>
/// Sends the tenant's due outbox rows, each in three steps: claim (status Sending with a lease, its
/// own committed transaction), hand to SMTP, record (Sent, or Pending again with exponential backoff,
/// or Failed after the last attempt). A row still Sending after its lease belongs to a sender that died
/// between SMTP and the record: it may have been delivered, so it is not resent by itself but marked
/// Unknown for an admin to look at. That yields at most one message per recipient per period, and
/// exactly one unless the process dies in that window (docs/alerts-and-webhooks.md). Past the tenant's daily
/// limit (<see cref="AlertQuotaOptions.MaxEmailsPerTenantPerDay"/>) nothing more is claimed that UTC day: the
/// due rows wait until the next one, with the reason as their last error and a log line.
/// </summary>
public sealed partial class SendPendingAlertsCommand(
    IdentityOpsDbContext db,
    IAlertMailSender sender,
    IOptions<AlertsOptions> options,
    IOptions<AlertQuotaOptions> quotas,
    TimeProvider time,
    ILogger<SendPendingAlertsCommand> logger)
{
    private const int BatchLimit = 200;

    public async Task<SendPendingAlertsResult> SendAsync(SendPendingAlertsRequest request, CancellationToken cancellationToken)
    {
        var unknown = await MarkAbandonedAsync(request.TenantId, cancellationToken);
        int sent = 0, retrying = 0, failed = 0;
        for (var i = 0; i < BatchLimit; i++)
        {
            var delivery = await ClaimAsync(request.TenantId, cancellationToken);
            if (delivery is null)
            {
                break;
            }

            try
            {
                await sender.SendAsync(AlertMessages.Build(delivery, options.Value, time.GetUtcNow()), cancellationToken);
            }
            catch (Exception error) when (IsTransportFailure(error) && !cancellationToken.IsCancellationRequested)
            {
                if (await RecordFailureAsync(delivery, Describe(error)))
                {
                    failed++;
                }
                else
                {
                    retrying++;
                }

                continue;
            }

            await RecordAsync(delivery, d =>
            {
                d.Status = AlertDeliveryStatus.Sent;
                d.SentAt = time.GetUtcNow();
                d.LeaseUntil = null;
                d.LastError = null;
                });
            sent++;
            LogSent(request.TenantId, delivery.Id, delivery.Attempts);
        }

        return new SendPendingAlertsResult(sent, retrying, failed, unknown);
    }

    /// <summary>The retry delay after <paramref name="attempts"/> failed attempts: base, 2×base, 4×base, …</summary>
    public static TimeSpan Backoff(TimeSpan baseDelay, int attempts) => baseDelay * Math.Pow(2, Math.Max(0, attempts - 1));

    private Task<int> MarkAbandonedAsync(Guid tenantId, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            tenantId,
            ct =>
            {
                var now = time.GetUtcNow();
                return db.AlertDeliveries
                    .Where(d => d.TenantId == tenantId && d.Status == AlertDeliveryStatus.Sending && d.LeaseUntil < now)
                    .ExecuteUpdateAsync(
                        u => u.SetProperty(d => d.Status, AlertDeliveryStatus.Unknown)
                              .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                              .SetProperty(d => d.LastError, "The sender stopped after claiming this message; it may or may not have been delivered, so it was not sent again."),
                        ct);
            },
            cancellationToken);

    // Its own committed transaction: from here on, no other sender takes the row, and a crash leaves it Sending.
    private Task<AlertDelivery?> ClaimAsync(Guid tenantId, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            tenantId,
            async ct =>
            {
                db.ChangeTracker.Clear();
                var now = time.GetUtcNow();
                if (await DailyLimitReachedAsync(tenantId, now, ct))
                {
                    return null;
                }

                var delivery = await db.AlertDeliveries
                    .FromSql($"""
                        SELECT * FROM alert_deliveries
                        WHERE tenant_id = {tenantId} AND status = 'Pending' AND next_attempt_at <= {now}
                        ORDER BY next_attempt_at, id
                        LIMIT 1
                        FOR UPDATE SKIP LOCKED
                        """)
                    .SingleOrDefaultAsync(ct);
                if (delivery is null)
                {
                    return null;
                }

                delivery.Status = AlertDeliveryStatus.Sending;
                delivery.Attempts++;
                delivery.LeaseUntil = now + options.Value.SendLease;
                await db.SaveChangesAsync(ct);
                return delivery;
            },
            cancellationToken);

    /// <summary>
    /// Whether the tenant has had its e-mails for this UTC day (sent, or claimed and on their way); if so, its due
    /// rows are moved to the next day. Claims of one tenant are serialised by a transaction-scoped advisory lock,
    /// so two senders at once cannot both take the last one.
    /// </summary>
    private async Task<bool> DailyLimitReachedAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended('alert-mail:' || {tenantId.ToString("D")}, 0))", ct);
        var limit = quotas.Value.MaxEmailsPerTenantPerDay;
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var used = await db.AlertDeliveries.CountAsync(
            d => d.TenantId == tenantId && ((d.Status == AlertDeliveryStatus.Sent && d.SentAt >= dayStart) || d.Status == AlertDeliveryStatus.Sending),
            ct);
        if (used < limit)
        {
            return false;
        }

        var nextDay = dayStart.AddDays(1);
        var deferred = await db.AlertDeliveries
            .Where(d => d.TenantId == tenantId && d.Status == AlertDeliveryStatus.Pending && d.NextAttemptAt <= now)
            .ExecuteUpdateAsync(
                u => u.SetProperty(d => d.NextAttemptAt, nextDay)
                      .SetProperty(d => d.LastError, $"Deferred: your organization's alert e-mails reached their limit of {limit} for the day; sending resumes after 00:00 UTC."),
                ct);
        if (deferred > 0)
        {
            LogDailyLimitReached(tenantId, limit, deferred);
        }

        return true;
    }

    private async Task<bool> RecordFailureAsync(AlertDelivery delivery, string reason)
    {
        var final = delivery.Attempts >= options.Value.MaxAttempts;
        await RecordAsync(delivery, d =>
        {
            d.Status = final ? AlertDeliveryStatus.Failed : AlertDeliveryStatus.Pending;
            d.NextAttemptAt = time.GetUtcNow() + Backoff(options.Value.RetryBaseDelay, d.Attempts);
            d.LeaseUntil = null;
            d.LastError = reason;
        });
        LogSendFailed(delivery.TenantId, delivery.Id, delivery.Attempts, reason);
        return final;
    }

    // The record step must not be cancelled half-way: the message is already with the relay.
    private Task RecordAsync(AlertDelivery delivery, Action<AlertDelivery> change)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                change(delivery);
                db.AlertDeliveries.Update(delivery);
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);

    private static bool IsTransportFailure(Exception error)
        => error is CommandException or ProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException
            or IOException or SocketException or TimeoutException or OperationCanceledException;

    // The relay's reply code, or the kind of network failure: never the credentials or the message.
    private static string Describe(Exception error) => error switch
    {
        SmtpCommandException smtp => $"The SMTP server refused the message ({(int)smtp.StatusCode}, {smtp.ErrorCode}).",
        SocketException socket => $"The SMTP server could not be reached ({socket.SocketErrorCode}).",
        MailKit.Security.AuthenticationException => "The SMTP server refused the configured credentials.",
        MailKit.Security.SslHandshakeException => "The TLS handshake with the SMTP server failed.",
        OperationCanceledException or TimeoutException => "The SMTP server did not answer in time.",
        _ => $"Sending failed ({error.GetType().Name}).",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} reached its daily limit of {Limit} alert e-mails; {Deferred} due e-mails wait until the next UTC day")]
    private partial void LogDailyLimitReached(Guid tenantId, int limit, int deferred);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert delivery {DeliveryId} of tenant {TenantId} sent (attempt {Attempt})")]
    private partial void LogSent(Guid tenantId, Guid deliveryId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert delivery {DeliveryId} of tenant {TenantId}, attempt {Attempt}, failed: {Reason}")]
    private partial void LogSendFailed(Guid tenantId, Guid deliveryId, int attempt, string reason);
}

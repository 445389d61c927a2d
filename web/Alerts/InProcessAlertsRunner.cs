using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.RunDueAlerts;

namespace IdentityOps.Web.Alerts;

/// <summary>
/// The web host's stand-in for the Functions alerts timer: the same core pass
/// (<see cref="RunDueAlertsCommand"/>: due digests from stored metadata, the outbox, retries, webhooks)
/// on the same five-minute period. Registered only when an SMTP relay is configured, so a host
/// without one never pretends to send.
/// </summary>
public sealed partial class InProcessAlertsRunner(RunDueAlertsCommand alerts, TimeProvider time, ILogger<InProcessAlertsRunner> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:{nameof(SmtpOptions.Host)}"]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await alerts.RunAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One failed pass must not stop the next: each delivery records its own failure.
                LogPassFailed(error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An alerts pass failed; the next one runs in five minutes")]
    private partial void LogPassFailed(Exception error);
}

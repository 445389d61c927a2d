using IdentityOps.Core.Lifecycle;

namespace IdentityOps.Web.Demo;

/// <summary>
/// The local demo's stand-in for the Functions purge timer: the same core pass
/// (<see cref="PurgeDueTenantsCommand"/>) on the same one-minute period, so "delete everything now"
/// completes in the demo too. Registered only in demo mode (Development, loopback only): a deployed web
/// app holds no purge credential and purges nothing (issue 18, item 2).
/// </summary>
public sealed partial class InProcessPurgeRunner(IServiceScopeFactory scopes, TimeProvider time, ILogger<InProcessPurgeRunner> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PurgeDueTenantsCommand>().RunAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One failed pass must not stop the next: a tenant not purged stays due.
                LogPassFailed(error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A purge pass failed; the next one runs in a minute")]
    private partial void LogPassFailed(Exception error);
}

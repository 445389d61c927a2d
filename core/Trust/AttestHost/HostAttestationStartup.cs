using IdentityOps.Core.Trust.Attestation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdentityOps.Core.Trust.AttestHost;

/// <summary>
/// The host's start-up hook: attests once before the host starts serving, then every
/// <see cref="HostAttestationOptions.RefreshInterval"/> while it runs, so its attestation stays younger
/// than <see cref="HostAttestationOptions.MaxAge"/>. (The Functions worker is woken every 5 minutes by
/// the alerts timer, so it refreshes even on a consumption plan.) A failed attestation is logged, never
/// thrown: the host still serves, and its claims show as failing once its last attestation is stale.
/// </summary>
public sealed partial class HostAttestationStartup(IServiceScopeFactory scopes, IOptions<HostAttestationOptions> options, TimeProvider time, ILogger<HostAttestationStartup> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task refreshing = Task.CompletedTask;
    private int disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await AttestOnceAsync(cancellationToken);
        refreshing = RefreshAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped after its container disposed this service (WebApplicationFactory does
        // so when a test host is disposed twice): there is nothing left to stop then.
        if (Volatile.Read(ref disposed) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        await refreshing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            stopping.Cancel(); // ends the refresh loop if the host was never stopped
            stopping.Dispose();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await AttestOnceAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task AttestOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AttestHostCommand>().RunAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAttestationFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The host could not attest its trust evidence; it will try again at the next refresh")]
    private partial void LogAttestationFailed(Exception error);
}

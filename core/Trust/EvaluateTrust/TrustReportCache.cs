using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Trust.EvaluateTrust;

/// <summary>
/// The report the public trust page shows: evaluated at most once every <see cref="Lifetime"/>, and
/// one evaluation at a time whoever asks (concurrent requests wait for the same one), so an anonymous
/// page cannot make the system re-verify the operators' chain per request. Evaluated in a scope of its
/// own, with no tenant: what every visitor sees is the same and names no tenant's data.
/// </summary>
public sealed class TrustReportCache(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // Long enough for the operators' chain on a large deployment; a hung database must not hold every visitor.
    private static readonly TimeSpan EvaluationTimeout = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private TrustReport? latest;
    private Task<TrustReport>? pending;

    public Task<TrustReport> GetAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (latest is { } report && time.GetUtcNow() - report.EvaluatedAt < Lifetime)
            {
                return Task.FromResult(report);
            }

            // A visitor who leaves stops waiting, not the evaluation the others wait for.
            pending ??= Task.Run(EvaluateAsync, CancellationToken.None);
            return pending.WaitAsync(cancellationToken);
        }
    }

    private async Task<TrustReport> EvaluateAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(EvaluationTimeout);
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<EvaluateTrustQuery>().RunAsync(timeout.Token);
            lock (gate)
            {
                latest = report;
            }

            return report;
        }
        finally
        {
            lock (gate)
            {
                pending = null;
            }
        }
    }
}

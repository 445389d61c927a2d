using Microsoft.Kiota.Abstractions;

namespace IdentityOps.Core.Graph;

/// <summary>
/// The per-request Graph limits a scan would otherwise discover one 429 at a time: reports and
/// audit logs (5 requests per 10 s), users with <c>signInActivity</c> (10 per minute) and
/// Conditional Access (1 per second), per app per tenant (Microsoft Graph service-specific
/// throttling limits). The directory's resource-unit budget is left to Retry-After: a scan's
/// reads stay far below it.
/// </summary>
public enum GraphBudget
{
    None,
    Reports,
    SignInActivity,
    ConditionalAccess,
}

/// <summary>Marks a request (and the next pages a reader follows) as spending a <see cref="GraphBudget"/>.</summary>
public sealed class GraphBudgetOption(GraphBudget budget) : IRequestOption
{
    public GraphBudget Budget { get; } = budget;

    public static readonly HttpRequestOptionsKey<IRequestOption> Key = new(typeof(GraphBudgetOption).FullName!);
}

/// <summary>How fast the pacer's windows run. The default is real time; the benchmark runs them as fast as the emulator's.</summary>
public sealed class GraphPacingOptions
{
    /// <summary>Windows are divided by this factor. The default is 1.</summary>
    public double TimeScale { get; init; } = 1;
}

/// <summary>
/// Holds a request back until its budget's sliding window has room, so a scan spends each budget at
/// the documented rate instead of bouncing off 429s. Inside the retry handler: every attempt is paced.
/// </summary>
public sealed class GraphRequestPacer(GraphPacingOptions options, TimeProvider time) : DelegatingHandler
{
    // 2 % beyond the documented window: our clock and Graph's disagree by a little, and a request
    // sent on the very edge of a window comes back 429.
    private const double Margin = 1.02;

    private readonly Dictionary<GraphBudget, SlidingWindow> windows = new()
    {
        [GraphBudget.Reports] = new(5, TimeSpan.FromSeconds(10) * Margin / options.TimeScale),
        [GraphBudget.SignInActivity] = new(10, TimeSpan.FromSeconds(60) * Margin / options.TimeScale),
        [GraphBudget.ConditionalAccess] = new(1, TimeSpan.FromSeconds(1) * Margin / options.TimeScale),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!windows.TryGetValue(BudgetOf(request), out var window))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var slot = await window.EnterAsync(time, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            // Graph does not count a request it refused; neither do we, or the retry would wait a whole extra window.
            window.Release(slot);
        }

        return response;
    }

    internal static GraphBudget BudgetOf(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(GraphBudgetOption.Key, out var option) && option is GraphBudgetOption marked)
        {
            return marked.Budget;
        }

        // The same service, and the same budget, answers on v1.0 and on beta.
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        return InEither(path, "auditLogs/") || InEither(path, "reports/") ? GraphBudget.Reports
            : InEither(path, "identity/conditionalAccess/") ? GraphBudget.ConditionalAccess
            : GraphBudget.None;

        static bool InEither(string path, string area)
            => path.Contains("/v1.0/" + area, StringComparison.OrdinalIgnoreCase) || path.Contains("/beta/" + area, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class SlidingWindow(int limit, TimeSpan length)
    {
        private readonly List<DateTimeOffset> sent = [];
        private readonly Lock gate = new();

        public async Task<DateTimeOffset> EnterAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (gate)
                {
                    var now = time.GetUtcNow();
                    sent.RemoveAll(at => at <= now - length);
                    if (sent.Count < limit)
                    {
                        sent.Add(now);
                        return now;
                    }

                    wait = sent.Min() + length - now;
                }

                await Task.Delay(wait, time, cancellationToken);
            }
        }

        public void Release(DateTimeOffset slot)
        {
            lock (gate)
            {
                sent.Remove(slot);
            }
        }
    }
}

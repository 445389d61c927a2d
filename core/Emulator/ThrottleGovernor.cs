namespace IdentityOps.Emulator;

/// <summary>The outcome of asking the limits for room.</summary>
/// <param name="RetryAfter">When to retry; null when the limit documents no <c>Retry-After</c> (Conditional Access).</param>
/// <param name="Scope">The <c>&lt;Scope&gt;</c> part of <c>x-ms-throttle-scope</c>: <c>Tenant_Application</c> or <c>Tenant</c>.</param>
/// <param name="Usage">Share of the fullest applicable budget in use after this request (for <c>x-ms-throttle-limit-percentage</c>).</param>
internal readonly record struct ThrottleDecision(bool Admitted, TimeSpan? RetryAfter, string Scope, string Information, double Usage);

/// <summary>
/// The per-tenant limits, each a sliding window of what was spent (the docs describe a token bucket summing request costs;
/// a sliding window gives the same budget per window and an exact time until enough of it frees, which is what a
/// fractional Retry-After reports). Only admitted requests spend: "only the requests exceeding the limits will be throttled".
/// </summary>
internal sealed class ThrottleGovernor
{
    private readonly Lock _gate = new();
    private readonly SlidingWindow _directory;
    private readonly SlidingWindow _reports;
    private readonly SlidingWindow _signInActivity;
    private readonly SlidingWindow _conditionalAccess;

    public ThrottleGovernor(double speedFactor)
    {
        _directory = new SlidingWindow(GraphEmulatorBudgets.DirectoryResourceUnitsPerWindow(0), GraphEmulatorBudgets.Scaled(GraphEmulatorBudgets.DirectoryWindow, speedFactor));
        _reports = new SlidingWindow(GraphEmulatorBudgets.ReportRequestsPerWindow, GraphEmulatorBudgets.Scaled(GraphEmulatorBudgets.ReportsWindow, speedFactor));
        _signInActivity = new SlidingWindow(GraphEmulatorBudgets.SignInActivityRequestsPerWindow, GraphEmulatorBudgets.Scaled(GraphEmulatorBudgets.SignInActivityWindow, speedFactor));
        _conditionalAccess = new SlidingWindow(GraphEmulatorBudgets.ConditionalAccessRequestsPerWindow, GraphEmulatorBudgets.Scaled(GraphEmulatorBudgets.ConditionalAccessWindow, speedFactor));
    }

    public ThrottleDecision Admit(ThrottleClass throttleClass, bool signInActivity, int cost, int userCount, DateTimeOffset now)
    {
        lock (_gate)
        {
            return throttleClass switch
            {
                ThrottleClass.Reports => AdmitRequest(_reports, now, "Tenant_Application", retryAfter: true),

                // "The resources listed earlier do not return a Retry-After header on 429 Too Many Requests responses."
                ThrottleClass.ConditionalAccess => AdmitRequest(_conditionalAccess, now, "Tenant", retryAfter: false),
                ThrottleClass.Directory => AdmitDirectory(signInActivity, cost, userCount, now),
                _ => throw new ArgumentOutOfRangeException(nameof(throttleClass)),
            };
        }
    }

    private static ThrottleDecision AdmitRequest(SlidingWindow window, DateTimeOffset now, string scope, bool retryAfter)
    {
        if (window.WaitFor(1, now) is { } wait)
        {
            return new ThrottleDecision(false, retryAfter ? wait : null, scope, "RequestLimitExceeded", 1);
        }

        window.Charge(1, now);
        return new ThrottleDecision(true, null, scope, string.Empty, window.Usage);
    }

    private ThrottleDecision AdmitDirectory(bool signInActivity, int cost, int userCount, DateTimeOffset now)
    {
        // The tier follows the tenant's current size: S under 50 users, M 50–500, L above.
        _directory.Capacity = GraphEmulatorBudgets.DirectoryResourceUnitsPerWindow(userCount);
        var directoryWait = _directory.WaitFor(cost, now);
        var signInWait = signInActivity ? _signInActivity.WaitFor(1, now) : null;
        if (directoryWait is not null || signInWait is not null)
        {
            var wait = TimeSpan.FromTicks(Math.Max(directoryWait?.Ticks ?? 0, signInWait?.Ticks ?? 0));
            var information = directoryWait is not null ? "ResourceUnitLimitExceeded" : "RequestLimitExceeded";
            return new ThrottleDecision(false, wait, "Tenant_Application", information, 1);
        }

        _directory.Charge(cost, now);
        var usage = _directory.Usage;
        if (signInActivity)
        {
            _signInActivity.Charge(1, now);
            usage = Math.Max(usage, _signInActivity.Usage);
        }

        return new ThrottleDecision(true, null, "Tenant_Application", string.Empty, usage);
    }

    /// <summary>What was spent in the last window, oldest first.</summary>
    private sealed class SlidingWindow(int capacity, TimeSpan window)
    {
        private readonly Queue<(DateTimeOffset At, int Cost)> _spent = new();
        private long _sum;

        public int Capacity { get; set; } = capacity;

        public double Usage => Capacity <= 0 ? 1 : (double)_sum / Capacity;

        /// <summary>Null when <paramref name="cost"/> fits now; otherwise the time until enough of the budget frees.</summary>
        public TimeSpan? WaitFor(int cost, DateTimeOffset now)
        {
            Expire(now);
            if (_sum + cost <= Capacity)
            {
                return null;
            }

            var excess = _sum + cost - Capacity;
            long freed = 0;
            foreach (var (at, spent) in _spent)
            {
                freed += spent;
                if (freed >= excess)
                {
                    return at + window - now;
                }
            }

            return window;
        }

        public void Charge(int cost, DateTimeOffset now)
        {
            _spent.Enqueue((now, cost));
            _sum += cost;
        }

        private void Expire(DateTimeOffset now)
        {
            while (_spent.TryPeek(out var oldest) && oldest.At + window <= now)
            {
                _spent.Dequeue();
                _sum -= oldest.Cost;
            }
        }
    }
}

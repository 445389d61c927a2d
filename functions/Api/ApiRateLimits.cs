using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace IdentityOps.Functions.Api;

/// <summary>How many requests the API accepts per window, per organisation and per caller. Bound from <c>Api:RateLimits</c>.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>Requests one organisation (all its users and clients together) may make per window.</summary>
    public int PerTenant { get; set; } = 600;

    /// <summary>Requests one caller (a user through one client application) may make per window.</summary>
    public int PerCaller { get; set; } = 120;

    /// <summary>The window both budgets refill in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The API's budgets, from System.Threading.RateLimiting (fixed windows, no queue): a caller beyond theirs, or an
/// organisation beyond its own, is answered 429 with <c>Retry-After</c> before any work is done, so one noisy script
/// cannot take the database or the Graph budget from other users of its organisation or from other organisations.
/// Held per host instance: with N instances the effective budget is at most N times this, which bounds cost rather
/// than promising an exact global count.
/// </summary>
public sealed class ApiRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<ApiCaller> limiter;

    public ApiRateLimits(IOptions<ApiRateLimitOptions> options)
    {
        var limits = options.Value;
        limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<ApiCaller, Guid>(caller => RateLimitPartition.GetFixedWindowLimiter(caller.TenantId, _ => Window(limits.PerTenant, limits.Window))),
            PartitionedRateLimiter.Create<ApiCaller, string>(caller => RateLimitPartition.GetFixedWindowLimiter(CallerKey(caller), _ => Window(limits.PerCaller, limits.Window))));
    }

    /// <summary>Takes one request from both budgets; null when accepted, otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(ApiCaller caller)
    {
        using var lease = limiter.AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => limiter.Dispose();

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window)
        => new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static string CallerKey(ApiCaller caller) => $"{caller.TenantId:N}:{caller.ObjectId:N}:{ApiClientHandler.ClientId(caller.Principal) ?? "-"}";
}

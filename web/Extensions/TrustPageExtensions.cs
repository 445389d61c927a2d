using System.Globalization;
using System.Threading.RateLimiting;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Attestation;
using Microsoft.AspNetCore.RateLimiting;

namespace IdentityOps.Web.Extensions;

/// <summary>
/// The public trust page's services: the trust checks with their cached report, this host's own
/// attestation (<see cref="AttestingHosts.Web"/>), and the rate limit that keeps the anonymous page cheap.
/// </summary>
public static class TrustPageExtensions
{
    public const string RateLimitPolicy = "trust-page";

    /// <summary>Requests one client may make to the trust page per <see cref="RateLimitWindow"/>; more get 429 with Retry-After.</summary>
    public const int RateLimitPermits = 30;

    public static readonly TimeSpan RateLimitWindow = TimeSpan.FromMinutes(1);

    public static IHostApplicationBuilder AddTrustPage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostAttestation(AttestingHosts.Web);

        // ASP.NET Core's rate limiter: https://learn.microsoft.com/aspnet/core/performance/rate-limit
        // (fixed window per partition; OnRejected reads the RetryAfter lease metadata, as its samples do).
        // Partitioned by the connection's address: behind a proxy that is the proxy's, so the limit then
        // holds for all visitors together — still the bound the page needs.
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = RateLimitPermits, Window = RateLimitWindow, QueueLimit = 0, AutoReplenishment = true }));
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : RateLimitWindow;
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }
}

using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.EvaluateTrust;
using IdentityOps.Web.Extensions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace IdentityOps.Web.Pages;

/// <summary>
/// The public trust page: each promise beside the evidence the running system and the hosts' signed
/// attestations show. A claim whose check fails is shown as failing, and one this system cannot show
/// yet as not met: none is hidden. Anonymous, so it shows the cached report (evaluated at most every
/// few minutes, never per request), public evidence only, and is rate-limited per client.
/// </summary>
[EnableRateLimiting(TrustPageExtensions.RateLimitPolicy)]
public sealed class TrustModel(TrustReportCache reports) : PageModel
{
    public TrustReport? Report { get; private set; }

    public static TimeSpan RefreshedEvery => TrustReportCache.Lifetime;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Report = await reports.GetAsync(cancellationToken);

    public static string CssClass(TrustStatus status) => status switch
    {
        TrustStatus.Met => "claim-met",
        TrustStatus.Failing => "claim-failing",
        _ => "claim-notmet",
    };

    public static string Label(TrustStatus status) => status switch
    {
        TrustStatus.Met => "Met",
        TrustStatus.Failing => "Failing",
        _ => "Not met",
    };
}

using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.EvaluateTrust;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages;

/// <summary>
/// The public trust page: each promise beside the evidence the running system computes on this
/// request. A claim whose check fails is shown as failing, and one this system cannot show yet as
/// not met: none is hidden.
/// </summary>
public sealed class TrustModel(EvaluateTrustQuery trust) : PageModel
{
    public TrustReport? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Report = await trust.RunAsync(cancellationToken);

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

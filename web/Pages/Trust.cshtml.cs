using IdentityOps.Core.Trust;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages;

/// <summary>The public trust page: each promise beside the evidence the running system computes now.</summary>
public sealed class TrustModel(RowLevelSecurityStatusQuery rowLevelSecurity) : PageModel
{
    public RowLevelSecurityStatus? RowLevelSecurity { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => RowLevelSecurity = await rowLevelSecurity.GetAsync(cancellationToken);
}

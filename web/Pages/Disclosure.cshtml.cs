using IdentityOps.Web.Disclosure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IdentityOps.Web.Pages;

/// <summary>
/// The vulnerability-disclosure policy that <c>/.well-known/security.txt</c> names as its Policy: public, for
/// researchers who have no account, with the same contacts as the file.
/// </summary>
[AllowAnonymous]
public sealed class DisclosureModel(IOptions<DisclosureOptions> options) : PageModel
{
    public DisclosureOptions Disclosure { get; } = options.Value;

    /// <summary>A contact as a person reads it: the address of a mailto:, the URI otherwise.</summary>
    public static string Shown(string contact)
        => contact.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? contact["mailto:".Length..] : contact;

    public void OnGet()
    {
    }
}

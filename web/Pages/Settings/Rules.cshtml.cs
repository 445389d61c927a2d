using System.ComponentModel.DataAnnotations;
using IdentityOps.Core.Findings.GetRuleSettings;
using IdentityOps.Core.Findings.UpdateRuleSettings;
using IdentityOps.Core.Rules.Templates;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Settings;

/// <summary>
/// The tenant's rule settings: names the emergency-access (break-glass) accounts that
/// <c>policy-break-glass-not-configured</c> and <c>policy-break-glass-not-excluded</c> check. The admin names
/// users of the latest scan by UPN (or object id); the settings store object ids, so a later rename does not
/// lose them. The core command validates and audits the change; the next evaluation uses it.
/// </summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class RulesModel(GetRuleSettingsQuery query, UpdateRuleSettingsCommand update) : PageModel
{
    public RuleSettingsView? View { get; private set; }

    /// <summary>One UPN or object id per line.</summary>
    [BindProperty]
    public string? Accounts { get; set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        View = await query.GetAsync(new GetRuleSettingsRequest(User.TenantId()), cancellationToken);
        Accounts = string.Join('\n', View.BreakGlassAccounts.Select(a => a.User?.UserPrincipalName ?? a.ObjectId.ToString()));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var tenantId = User.TenantId();
        var names = (Accounts ?? string.Empty).Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var errors = new List<string>();
        var found = names.Count == 0 ? [] : await query.FindUsersAsync(tenantId, names, cancellationToken);
        errors.AddRange(found.Where(f => f.User is null).Select(f => $"No user \"{f.Name}\" in the latest scan: name an account by its user principal name or object id, after a scan has seen it."));
        if (errors.Count == 0)
        {
            var current = (await query.GetAsync(new GetRuleSettingsRequest(tenantId), cancellationToken)).Settings;
            var ids = found.Select(f => f.User!.ObjectId).Distinct().ToList();
            try
            {
                await update.RunAsync(new UpdateRuleSettingsRequest(tenantId, current with { BreakGlassAccounts = ids }, User.ObjectId()), cancellationToken);
                return Redirect("/settings/rules?saved=true");
            }
            catch (ValidationException ex)
            {
                errors.Add(ex.Message);
            }
        }

        Errors = errors;
        // Echo what was typed with hidden characters (bidi overrides, zero-widths) shown, so the admin sees why it did not match.
        Accounts = string.Join('\n', names.Select(n => DisplayText.Visible(n)));
        View = await query.GetAsync(new GetRuleSettingsRequest(tenantId), cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

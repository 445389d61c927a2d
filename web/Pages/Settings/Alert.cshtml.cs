using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.ListAlertConfigurations;
using IdentityOps.Core.Alerts.SaveAlertConfiguration;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityOps.Web.Pages.Settings;

/// <summary>Creates or edits one alert configuration; the core validates and audits it.</summary>
[Authorize(Policy = WebPolicies.TenantAdmin)]
public sealed class AlertModel(ListAlertConfigurationsQuery alerts, SaveAlertConfigurationCommand save) : PageModel
{
    public Guid? AlertId { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public bool Enabled { get; set; } = true;

    [BindProperty]
    public string? Schedule { get; set; } = "daily";

    /// <summary>The chosen trigger kinds, as their stored names (<c>secrets-expiring</c>, <c>new-critical-or-high</c>, …).</summary>
    [BindProperty]
    public List<string> Triggers { get; set; } = [];

    /// <summary>Days ahead for "secrets expiring".</summary>
    [BindProperty]
    public int ExpiringWithinDays { get; set; } = 30;

    /// <summary>Points for "score dropped".</summary>
    [BindProperty]
    public int ScoreDropPoints { get; set; } = 10;

    [BindProperty]
    public int SendHourUtc { get; set; } = 7;

    /// <summary>One address per line.</summary>
    [BindProperty]
    public string? Recipients { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (id == "new")
        {
            return Page();
        }

        if (!Guid.TryParse(id, out var alertId)
            || (await alerts.ListAsync(new ListAlertConfigurationsRequest(User.TenantId()), cancellationToken)).FirstOrDefault(a => a.Id == alertId) is not { } alert)
        {
            return NotFound();
        }

        AlertId = alert.Id;
        Name = alert.Name;
        Enabled = alert.Enabled;
        Schedule = alert.Schedule;
        SendHourUtc = alert.SendHourUtc;
        foreach (var trigger in AlertTrigger.ParseAll(alert.Triggers))
        {
            Triggers.Add(trigger.ToString().Split(':')[0]);
            switch (trigger.Kind)
            {
                case AlertTriggerKind.SecretsExpiringWithinDays:
                    ExpiringWithinDays = trigger.Parameter ?? ExpiringWithinDays;
                    break;
                case AlertTriggerKind.ScoreDroppedBy:
                    ScoreDropPoints = trigger.Parameter ?? ScoreDropPoints;
                    break;
            }
        }

        Recipients = string.Join('\n', alert.Recipients);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        Guid? alertId = null;
        if (id != "new")
        {
            if (!Guid.TryParse(id, out var parsed))
            {
                return NotFound();
            }

            alertId = parsed;
        }

        var recipients = (Recipients ?? string.Empty).Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The form sends kinds and their numbers apart; the stored form joins them (secrets-expiring:30).
        var triggers = Triggers.Select(kind => kind switch
        {
            "secrets-expiring" => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind}:{ExpiringWithinDays}"),
            "score-dropped" => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind}:{ScoreDropPoints}"),
            _ => kind,
        }).ToList();
        var settings = new AlertSettings(Name, Enabled, triggers, recipients, Schedule, SendHourUtc);
        var result = await save.SaveAsync(new SaveAlertConfigurationRequest(User.TenantId(), User.ObjectId(), alertId, settings), cancellationToken);
        if (result.Saved is null)
        {
            AlertId = alertId;
            Errors = result.Errors;
            if (Errors.Count == 0)
            {
                return NotFound();
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect("/settings#alerts");
    }

    /// <summary>The triggers the form offers.</summary>
    public static IReadOnlyList<(string Value, string Label)> TriggerChoices { get; } =
    [
        ("new-critical-or-high", "New critical or high findings since the last scan"),
        ("secrets-expiring", "Application secrets or certificates expiring soon"),
        ("score-dropped", "Tenant score dropped"),
        ("scan-failed", "A scan failed"),
        ("consent-revoked", "Consent revoked or the application removed"),
    ];
}

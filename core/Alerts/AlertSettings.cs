using System.Net.Mail;

namespace IdentityOps.Core.Alerts;

/// <summary>What an admin may set on an alert configuration, and the rules its values follow.</summary>
/// <param name="SendHourUtc">The hour (UTC, 0–23) a daily or weekly digest goes out; weekly ones on Mondays. The default is 7.</param>
public sealed record AlertSettings(string? Name, bool Enabled, IReadOnlyList<string>? Triggers, IReadOnlyList<string>? Recipients, string? Schedule, int SendHourUtc = 7)
{
    public const int MaxItems = 20;

    /// <summary>How often alerts are sent; the scheduler reads these names.</summary>
    public static IReadOnlyList<string> Schedules { get; } = ["immediate", "daily", "weekly"];

    /// <summary>Problems per field (empty when valid), phrased for the person who filled the form.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 128)
        {
            errors["name"] = ["A name of 1 to 128 characters is required."];
        }

        if (Schedule is null || !Schedules.Contains(Schedule, StringComparer.Ordinal))
        {
            errors["schedule"] = [$"The schedule must be one of: {string.Join(", ", Schedules)}."];
        }

        if (Triggers is { Count: > MaxItems } || (Triggers ?? []).Any(t => !AlertTrigger.TryParse(t, out _)))
        {
            errors["triggers"] = [$"Up to {MaxItems} triggers, each one of: secrets-expiring:DAYS (1-365), new-critical-or-high, score-dropped:POINTS (1-100), scan-failed, consent-revoked."];
        }

        if (SendHourUtc is < 0 or > 23)
        {
            errors["sendHourUtc"] = ["The send hour is a whole hour of the day in UTC, 0 to 23."];
        }

        if (Recipients is { Count: > MaxItems } || (Recipients ?? []).Any(r => !IsEmailAddress(r)))
        {
            errors["recipients"] = [$"Up to {MaxItems} recipients, each a plain e-mail address."];
        }

        return errors;
    }

    private static bool IsEmailAddress(string? value)
        => value is { Length: > 0 and <= 254 }
           && MailAddress.TryCreate(value, out var address)
           && string.Equals(address.Address, value, StringComparison.Ordinal)
           && string.IsNullOrEmpty(address.DisplayName);
}

/// <summary>An alert configuration as the API shows it.</summary>
public sealed record AlertConfigurationView(Guid Id, string Name, bool Enabled, IReadOnlyList<string> Triggers, IReadOnlyList<string> Recipients, string Schedule, int SendHourUtc, DateTimeOffset UpdatedAt)
{
    public static AlertConfigurationView From(AlertConfiguration configuration)
        => new(configuration.Id, configuration.Name, configuration.Enabled, configuration.Triggers, configuration.Recipients, configuration.Schedule, configuration.SendHourUtc, configuration.UpdatedAt);
}

using System.Net.Mail;
using System.Text.RegularExpressions;

namespace IdentityOps.Core.Alerts;

/// <summary>What an admin may set on an alert configuration, and the rules its values follow.</summary>
public sealed partial record AlertSettings(string? Name, bool Enabled, IReadOnlyList<string>? Triggers, IReadOnlyList<string>? Recipients, string? Schedule)
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

        if (Triggers is { Count: > MaxItems } || (Triggers ?? []).Any(t => t is null || !TriggerPattern().IsMatch(t)))
        {
            errors["triggers"] = [$"Up to {MaxItems} triggers, each 1 to 64 letters, digits or . _ : -."];
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

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TriggerPattern();
}

/// <summary>An alert configuration as the API shows it.</summary>
public sealed record AlertConfigurationView(Guid Id, string Name, bool Enabled, IReadOnlyList<string> Triggers, IReadOnlyList<string> Recipients, string Schedule, DateTimeOffset UpdatedAt)
{
    public static AlertConfigurationView From(AlertConfiguration configuration)
        => new(configuration.Id, configuration.Name, configuration.Enabled, configuration.Triggers, configuration.Recipients, configuration.Schedule, configuration.UpdatedAt);
}

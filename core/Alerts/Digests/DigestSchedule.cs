using System.Globalization;

namespace IdentityOps.Core.Alerts.Digests;

/// <summary>A digest period: its key (part of the outbox's idempotency key), a label for people, and the window it covers.</summary>
public sealed record DigestPeriod(string Key, string Label, DateTimeOffset WindowStart, DateTimeOffset DueAt);

/// <summary>When a configuration's digest is due, from its schedule and send hour alone.</summary>
public static class DigestSchedule
{
    /// <summary>The period due at <paramref name="now"/>, or null before the send hour (or for the immediate schedule, which has no digest).</summary>
    public static DigestPeriod? Due(AlertConfiguration configuration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Date, TimeSpan.Zero);
        switch (configuration.Schedule)
        {
            case "daily":
            {
                var due = today.AddHours(configuration.SendHourUtc);
                if (utc < due)
                {
                    due = due.AddDays(-1);
                }

                var day = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new DigestPeriod($"daily:{day}", $"Daily digest, {day}", due.AddDays(-1), due);
            }

            case "weekly":
            {
                var monday = today.AddDays(-(((int)utc.DayOfWeek + 6) % 7));
                var due = monday.AddHours(configuration.SendHourUtc);
                if (utc < due)
                {
                    due = due.AddDays(-7);
                }

                var week = $"{ISOWeek.GetYear(due.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(due.UtcDateTime):00}";
                return new DigestPeriod($"weekly:{week}", $"Weekly digest, {week}", due.AddDays(-7), due);
            }

            default:
                return null;
        }
    }

    /// <summary>The period of an alert sent at once about one scan: one per scan, whatever the schedule.</summary>
    public static DigestPeriod AtOnce(Guid scanId, DateTimeOffset scanFinishedAt)
        => new($"scan:{scanId:N}", $"Alert for the scan of {scanFinishedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC", scanFinishedAt, scanFinishedAt);
}

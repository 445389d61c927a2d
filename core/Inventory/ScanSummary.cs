using System.Text.Json;

namespace IdentityOps.Core.Inventory;

/// <summary>A scan as the API shows it: status, times, per-collection counts and warnings, and why it failed.</summary>
public sealed record ScanSummary(
    Guid Id,
    ScanStatus Status,
    Guid RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JsonElement CollectionCounts,
    JsonElement Warnings,
    string? Error)
{
    public static ScanSummary From(Scan scan) => new(
        scan.Id,
        scan.Status,
        scan.RequestedBy,
        scan.RequestedAt,
        scan.StartedAt,
        scan.FinishedAt,
        JsonDocument.Parse(scan.CollectionCounts).RootElement.Clone(),
        JsonDocument.Parse(scan.Warnings).RootElement.Clone(),
        scan.Error);
}

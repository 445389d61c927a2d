using System.Text.Json;
using IdentityOps.Core.Graph.Collection;

namespace IdentityOps.Core.Scanning.RunScan;

/// <summary>
/// What a throttled scan kept when it stopped to wait (security-pitfalls 12): the collections it completed (their rows
/// are committed under the scan's id), their delta links, the scan time every rule measures from, and when Graph allows
/// the rest to be read. Stored on the scan (<c>scans.checkpoint</c>) while it stays running; cleared when it finishes.
/// </summary>
/// <param name="Generation">How many times the scan checkpointed; a job naming an older generation is stale.</param>
/// <param name="AsOf">The scan time of the first delivery; a resumed scan keeps it.</param>
/// <param name="ResumeAfter">When Graph's Retry-After ends.</param>
/// <param name="Collections">Completed collections: collected, or unavailable with the reason.</param>
/// <param name="DeltaLinks">Delta links the completed collections obtained.</param>
public sealed record ScanCheckpoint(
    int Generation, DateTimeOffset AsOf, DateTimeOffset ResumeAfter, IReadOnlyList<CollectionOutcome> Collections, IReadOnlyDictionary<string, string> DeltaLinks)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ScanCheckpoint? Parse(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<ScanCheckpoint>(json, Json);

    /// <summary>How long from <paramref name="now"/> until the scan may resume (never negative).</summary>
    public TimeSpan DelayFrom(DateTimeOffset now) => ResumeAfter > now ? ResumeAfter - now : TimeSpan.Zero;
}

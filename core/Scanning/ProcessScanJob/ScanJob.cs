using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IdentityOps.Core.Scanning.ProcessScanJob;

/// <summary>
/// The queue message that runs a scan: the tenant, the scan, and the admin's session key sealed to that scan's row
/// (<see cref="ScanJobSessionSeal"/>), never the key in clear and never a token (the tokens stay in the server-side
/// cache). <paramref name="Resume"/> is the checkpoint generation a re-enqueued job resumes from (0 for the first job):
/// a delivery older than the scan's checkpoint is stale.
/// </summary>
public sealed record ScanJob(Guid TenantId, Guid ScanId, string SealedSession, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Resume = 0)
{
    /// <summary>Data Protection output for a 80-character key is about 200 characters; anything far longer is not ours.</summary>
    private const int MaxSealedLength = 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A well-formed job, or null. Well-formed is not genuine: the worker opens the seal against the scan row.</summary>
    public static ScanJob? Parse(string? message)
    {
        ScanJob? job;
        try
        {
            job = string.IsNullOrWhiteSpace(message) ? null : JsonSerializer.Deserialize<ScanJob>(message, Json);
        }
        catch (JsonException)
        {
            return null;
        }

        return job is { TenantId: var tenant, ScanId: var scan, SealedSession: { Length: > 0 and <= MaxSealedLength } sealedSession }
               && tenant != Guid.Empty && scan != Guid.Empty && job.Resume >= 0
               && !sealedSession.AsSpan().ContainsAnyExcept(Base64UrlAlphabet)
            ? job
            : null;
    }
}

/// <summary>Sends scan jobs to the worker. Functions: an Azure Storage queue; the web app may run them in-process.</summary>
public interface IScanJobSender
{
    Task SendAsync(ScanJob job, CancellationToken cancellationToken);

    /// <summary>Sends a job the worker sees only after <paramref name="visibilityDelay"/> (a scan resuming after Graph's Retry-After).</summary>
    Task SendAsync(ScanJob job, TimeSpan visibilityDelay, CancellationToken cancellationToken);
}

/// <summary>How scan jobs are queued and retried. Bound from the <c>ScanJobs</c> section.</summary>
public sealed class ScanJobOptions
{
    public const string Section = "ScanJobs";

    /// <summary>The queue the worker listens on; its poison queue is <see cref="PoisonQueueName"/>.</summary>
    public const string QueueName = "scan-jobs";

    public const string PoisonQueueName = QueueName + "-poison";

    /// <summary>
    /// Deliveries before a message goes to the poison queue. Must equal host.json's
    /// <c>extensions.queues.maxDequeueCount</c> (a test checks): the last delivery records the reason. The default is 5.
    /// </summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// An active scan older than this is taken as abandoned (a worker that died without reaching the
    /// poison queue) and marked failed, so the tenant can scan again. The default is 3 hours:
    /// five deliveries of at most 30 minutes each, and margin.
    /// </summary>
    [Range(typeof(TimeSpan), "00:30:00", "2.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(3);
}

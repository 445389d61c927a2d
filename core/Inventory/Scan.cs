using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Inventory;

/// <summary>One scan of a tenant: who asked for it, how it went, and what each collection yielded.</summary>
public sealed class Scan : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid Id { get; init; }
    public ScanStatus Status { get; set; } = ScanStatus.Queued;

    /// <summary>Entra object id of the admin who requested the scan; Graph is read as this admin.</summary>
    public required Guid RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Objects read per collection, as JSON (<c>{"applications": 120, ...}</c>).</summary>
    public string CollectionCounts { get; set; } = "{}";

    /// <summary>Per-collection warnings and "unavailable because …" reasons, as JSON.</summary>
    public string Warnings { get; set; } = "[]";

    /// <summary>Collections (or parts, as <c>users.signInActivity</c>) Graph could not give, with the reason, as JSON.</summary>
    public string Unavailable { get; set; } = "{}";

    /// <summary>The tenant score the rules gave this scan (0–100, higher is better); null until evaluated.</summary>
    public int? TenantScore { get; set; }

    /// <summary>
    /// A running scan that Graph throttled for long: the collections it completed and when it resumes, as JSON
    /// (<see cref="RunScan.ScanCheckpoint"/>); null otherwise.
    /// </summary>
    public string? Checkpoint { get; set; }

    /// <summary>Why the scan failed, in words an admin understands; null unless it failed.</summary>
    public string? Error { get; set; }
}

public enum ScanStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Alerts;

/// <summary>What a tenant wants to be told about, whom to tell and how often.</summary>
public sealed class AlertConfiguration : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid Id { get; init; }
    public required string Name { get; set; }
    public bool Enabled { get; set; } = true;
    public string[] Triggers { get; set; } = [];
    public string[] Recipients { get; set; } = [];
    public required string Schedule { get; set; }

    /// <summary>The hour (UTC) daily and weekly digests go out.</summary>
    public int SendHourUtc { get; set; } = 7;
    public required DateTimeOffset UpdatedAt { get; set; }
}

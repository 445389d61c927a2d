namespace IdentityOps.Core.Persistence.Provisioning;

/// <summary>Connection strings of one provisioned database, one login per group role.</summary>
public sealed record ProvisionedDatabase(
    string DatabaseName,
    string OwnerConnectionString,
    string ApplicationConnectionString,
    string PurgeConnectionString,
    string SchedulerConnectionString);

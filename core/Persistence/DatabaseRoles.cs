namespace IdentityOps.Core.Persistence;

/// <summary>
/// The database's group roles. Migrations grant to these names; each deployment logs in through its
/// own login roles that are members of one of them, so credentials rotate without touching grants.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>Owns the schema and runs migrations; never used by a running service.</summary>
    public const string Owner = "identityops_owner";

    /// <summary>The web app, the API and the scan worker: one tenant at a time, under forced RLS.</summary>
    public const string Application = "identityops_app";

    /// <summary>The day-30 purge: sees offboarding tenants, deletes them, writes the operator chain.</summary>
    public const string Purge = "identityops_purge";

    /// <summary>The alert and scan scheduler: reads which tenants are active and what they asked for.</summary>
    public const string Scheduler = "identityops_scheduler";

    public static IReadOnlyList<string> All { get; } = [Owner, Application, Purge, Scheduler];

    /// <summary>The transaction-local setting that row-level security reads.</summary>
    public const string TenantSetting = "app.tenant_id";

    /// <summary>
    /// The transaction-local setting that lets the application role read the one server session whose
    /// id hash it names, before it knows that session's tenant (policy <c>session_lookup_by_id_hash</c>).
    /// </summary>
    public const string SessionIdHashSetting = "app.session_id_hash";
}

namespace IdentityOps.Core.Persistence;

/// <summary>
/// One database's group roles. PostgreSQL roles are cluster-wide, so each database has its own set,
/// named after it (<c>&lt;database&gt;_app</c>, …): a login of deployment A is a member of A's roles
/// only, and B's database grants CONNECT and every privilege to B's roles only (issue 18, item 7).
/// Migrations grant to these names through <see cref="TenantIsolationMigrations.SqlWithRoles"/>, which
/// derives them from <c>current_database()</c>; each deployment logs in through login roles that are
/// members of one of them, so credentials rotate without touching grants.
/// </summary>
/// <param name="Owner">Owns the database and the schema and runs migrations; never used by a running service.</param>
/// <param name="Application">The web app, the API and the scan worker: one tenant at a time, under forced RLS.</param>
/// <param name="Purge">The purge: sees only tenants whose purge is due, deletes them, writes the operator chain.</param>
/// <param name="Scheduler">The alert scheduler: sees which active tenants have alert settings, nothing else.</param>
public sealed record DatabaseRoles(string Owner, string Application, string Purge, string Scheduler)
{
    public const string OwnerSuffix = "_owner";
    public const string ApplicationSuffix = "_app";
    public const string PurgeSuffix = "_purge";
    public const string SchedulerSuffix = "_scheduler";

    /// <summary>The SQL expression naming the connected database's application role, for catalog queries.</summary>
    public const string CurrentApplicationRoleSql = $"(current_database() || '{ApplicationSuffix}')";

    /// <summary>The transaction-local setting that row-level security reads.</summary>
    public const string TenantSetting = "app.tenant_id";

    /// <summary>
    /// The transaction-local setting that lets the application role read the one server session whose
    /// id hash it names, before it knows that session's tenant (policy <c>session_lookup_by_id_hash</c>).
    /// </summary>
    public const string SessionIdHashSetting = "app.session_id_hash";

    public static DatabaseRoles For(string databaseName)
        => new(databaseName + OwnerSuffix, databaseName + ApplicationSuffix, databaseName + PurgeSuffix, databaseName + SchedulerSuffix);

    public IReadOnlyList<string> All => [Owner, Application, Purge, Scheduler];

    /// <summary>The login role of a group role: the one that holds a password.</summary>
    public static string LoginOf(string groupRole) => groupRole + "_login";
}

namespace IdentityOps.Emulator;

/// <summary>How the Graph emulator behaves beyond serving the tenant's data.</summary>
public sealed class GraphEmulatorOptions
{
    /// <summary>Whether the documented Graph limits answer <c>429 Too Many Requests</c>. The default is true.</summary>
    public bool ThrottlingEnabled { get; init; } = true;

    /// <summary>
    /// Throttle windows and Retry-After values are divided by this factor, so large tenants fit in minutes; both the
    /// emulator and the benchmark's "throttle-bound minimum time" (<see cref="GraphEmulatorBudgets"/>) use it.
    /// Budgets per window stay as documented. The default is 1 (real time).
    /// </summary>
    public double ThrottleSpeedFactor { get; init; } = 1;

    /// <summary>
    /// The tenant's licence and the signed-in admin's directory roles: reads they do not allow are refused as Graph
    /// refuses them (<see cref="GraphAccessRules"/>). The default is <see cref="TenantAccess.Unrestricted"/>.
    /// </summary>
    public TenantAccess Access { get; init; } = TenantAccess.Unrestricted;

    /// <summary>Injected faults. The default is <see cref="FaultPlan.None"/>.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>How long an <c>@odata.nextLink</c> stays usable. The default is 10 minutes.</summary>
    public TimeSpan PageTokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an <c>@odata.deltaLink</c> stays usable; Graph documents 7 days for directory resources. The default is 7 days.</summary>
    public TimeSpan DeltaTokenLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The application id named in <c>x-ms-throttle-scope</c>. The default is a fixed, made-up id.</summary>
    public Guid ApplicationId { get; init; } = new("9a3d526c-b3c1-4479-ba74-197b5c5751ae");
}

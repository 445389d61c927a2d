namespace IdentityOps.Emulator;

/// <summary>Which documented limit a request counts against.</summary>
internal enum ThrottleClass
{
    /// <summary>Identity and access (directory) resource units per app per tenant.</summary>
    Directory,

    /// <summary>Identity and access reports (sign-in logs, registration details): 5 requests per 10 s per app per tenant.</summary>
    Reports,

    /// <summary>Identity protection and Conditional Access: 1 request per second per tenant, 429 without Retry-After.</summary>
    ConditionalAccess,
}

/// <summary>
/// The documented Microsoft Graph limits the emulator enforces (Microsoft Graph service-specific throttling limits,
/// "Identity and access service limits"), reusable by the benchmark to compute the throttle-bound minimum time of a scan.
/// </summary>
public static class GraphEmulatorBudgets
{
    /// <summary>Reports and audit logs: 5 requests per 10 s per app per tenant.</summary>
    public const int ReportRequestsPerWindow = 5;

    /// <summary>Users with <c>signInActivity</c> selected: 10 requests per 60 s.</summary>
    public const int SignInActivityRequestsPerWindow = 10;

    /// <summary>Conditional Access policies: 1 request per second per tenant.</summary>
    public const int ConditionalAccessRequestsPerWindow = 1;

    private static readonly CostRule[] BaseCosts =
    [
        // The documented base costs of GET (all other GETs cost 1). "applications" and "users" are read as the
        // collection, its delta and its items; appRoleAssignedTo is the same assignment resource as appRoleAssignments.
        new("applications", 2),
        new("applications/delta", 2),
        new("applications/*", 2),
        new("applications/*/extensionProperties", 2),
        new("contracts", 3),
        new("domains/*/domainNameReferences", 4),
        new("groups/*/members", 3),
        new("groups/*/transitiveMembers", 5),
        new("oauth2PermissionGrants", 2),
        new("oauth2PermissionGrants/delta", 2),
        new("oauth2PermissionGrants/*", 2),
        new("servicePrincipals/*/appRoleAssignments", 2),
        new("servicePrincipals/*/appRoleAssignedTo", 2),
        new("subscribedSkus", 3),
        new("users", 2),
        new("users/delta", 2),
        new("users/*", 2),

        // "A cost that applies to a path starting with me/ also applies to users/{id}/".
        new("users/*/licenseDetails", 2),
        new("users/*/memberOf", 2),
        new("users/*/ownedObjects", 2),
        new("users/*/transitiveMemberOf", 2),
        new("users/*/appRoleAssignments", 2),
    ];

    /// <summary>The window of the directory resource-unit budget, before the speed factor.</summary>
    public static TimeSpan DirectoryWindow { get; } = TimeSpan.FromSeconds(10);

    public static TimeSpan ReportsWindow { get; } = TimeSpan.FromSeconds(10);

    public static TimeSpan SignInActivityWindow { get; } = TimeSpan.FromSeconds(60);

    public static TimeSpan ConditionalAccessWindow { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Resource units per 10 s per app per tenant: S (under 50 users) 3,500, M (50–500) 5,000, L (over 500) 8,000.</summary>
    public static int DirectoryResourceUnitsPerWindow(int userCount) => userCount switch
    {
        < 50 => 3_500,
        <= 500 => 5_000,
        _ => 8_000,
    };

    /// <summary>A documented window divided by the emulator's <see cref="GraphEmulatorOptions.ThrottleSpeedFactor"/>.</summary>
    public static TimeSpan Scaled(TimeSpan window, double throttleSpeedFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(throttleSpeedFactor);
        return TimeSpan.FromTicks((long)Math.Ceiling(window.Ticks / throttleSpeedFactor));
    }

    /// <summary>
    /// The resource units a directory request costs: the documented base cost, <c>$select</c> −1, <c>$expand</c> +1,
    /// <c>$top</c> below 20 −1, never below 1. Reports and Conditional Access requests count as 1 (their limits count requests).
    /// </summary>
    /// <param name="relativePath">The path relative to /v1.0/, e.g. <c>servicePrincipals/{id}/appRoleAssignedTo</c>.</param>
    public static int ResourceUnitCost(string method, string relativePath, bool select, bool expand, int? top)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(relativePath);
        if (Classify(relativePath) != ThrottleClass.Directory)
        {
            return 1;
        }

        var cost = method.Equals("GET", StringComparison.OrdinalIgnoreCase) ? BaseCost(relativePath) : 1;
        if (select)
        {
            cost--;
        }

        if (expand)
        {
            cost++;
        }

        if (top is < 20)
        {
            cost--;
        }

        return Math.Max(1, cost);
    }

    /// <summary>
    /// The least time the documented limits allow for this work, with the emulator's speed factor: each budget can be
    /// spent at once and then once per window, and the budgets run in parallel, so the slowest one sets the time.
    /// </summary>
    public static TimeSpan MinimumTimeFor(
        int userCount,
        long directoryResourceUnits,
        int reportRequests,
        int signInActivityRequests,
        int conditionalAccessRequests,
        double throttleSpeedFactor)
    {
        TimeSpan[] bounds =
        [
            Bound(directoryResourceUnits, DirectoryResourceUnitsPerWindow(userCount), Scaled(DirectoryWindow, throttleSpeedFactor)),
            Bound(reportRequests, ReportRequestsPerWindow, Scaled(ReportsWindow, throttleSpeedFactor)),
            Bound(signInActivityRequests, SignInActivityRequestsPerWindow, Scaled(SignInActivityWindow, throttleSpeedFactor)),
            Bound(conditionalAccessRequests, ConditionalAccessRequestsPerWindow, Scaled(ConditionalAccessWindow, throttleSpeedFactor)),
        ];
        return bounds.Max();
    }

    /// <summary>The minimum time for the requests an emulator served (those charged: throttled and faulted ones cost nothing).</summary>
    public static TimeSpan MinimumTimeFor(IEnumerable<EmulatedRequest> requests, int userCount, double throttleSpeedFactor)
    {
        ArgumentNullException.ThrowIfNull(requests);
        long directory = 0;
        int reports = 0, signInActivity = 0, conditionalAccess = 0;
        foreach (var request in requests.Where(r => r.ResourceUnits > 0))
        {
            var target = GraphTarget.Parse(request.PathAndQuery);
            switch (Classify(target.Path))
            {
                case ThrottleClass.Reports:
                    reports++;
                    break;
                case ThrottleClass.ConditionalAccess:
                    conditionalAccess++;
                    break;
                case ThrottleClass.Directory:
                    directory += request.ResourceUnits;
                    if (SelectsSignInActivity(target.Path, target.Option("select"), target.Option("filter")))
                    {
                        signInActivity++;
                    }

                    break;
            }
        }

        return MinimumTimeFor(userCount, directory, reports, signInActivity, conditionalAccess, throttleSpeedFactor);
    }

    internal static ThrottleClass Classify(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return ThrottleClass.Directory;
        }

        if (segments[0].Equals("auditLogs", StringComparison.OrdinalIgnoreCase) || segments[0].Equals("reports", StringComparison.OrdinalIgnoreCase))
        {
            return ThrottleClass.Reports;
        }

        var conditionalAccess = segments[0].Equals("identityProtection", StringComparison.OrdinalIgnoreCase)
            || (segments[0].Equals("identity", StringComparison.OrdinalIgnoreCase)
                && segments.Length > 1
                && segments[1].Equals("conditionalAccess", StringComparison.OrdinalIgnoreCase));
        return conditionalAccess ? ThrottleClass.ConditionalAccess : ThrottleClass.Directory;
    }

    /// <summary><c>signInActivity</c> read on users (selected or filtered) has its own limit and a smaller page.</summary>
    internal static bool SelectsSignInActivity(string relativePath, string? select, string? filter) =>
        relativePath.Split('/')[0].Equals("users", StringComparison.OrdinalIgnoreCase)
        && ((select?.Contains("signInActivity", StringComparison.OrdinalIgnoreCase) ?? false)
            || (filter?.Contains("signInActivity", StringComparison.OrdinalIgnoreCase) ?? false));

    /// <summary>
    /// Default and maximum page size: applications, servicePrincipals, users 100/999 (users with signInActivity: max 500);
    /// auditLogs/signIns 1,000/1,000; everything else 100/999.
    /// </summary>
    internal static (int Default, int Max) PageSizeLimits(string collectionPath, bool signInActivity)
    {
        if (collectionPath.Equals("auditLogs/signIns", StringComparison.OrdinalIgnoreCase))
        {
            return (1_000, 1_000);
        }

        return signInActivity ? (100, 500) : (100, 999);
    }

    private static TimeSpan Bound(long spent, int perWindow, TimeSpan window) =>
        spent <= perWindow ? TimeSpan.Zero : window * (Math.Ceiling((double)spent / perWindow) - 1);

    private static int BaseCost(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var rule in BaseCosts)
        {
            if (rule.Matches(segments))
            {
                return rule.Cost;
            }
        }

        return 1;
    }

    private sealed record CostRule(string Pattern, int Cost)
    {
        private readonly string[] _segments = Pattern.Split('/');

        public bool Matches(string[] segments)
        {
            if (segments.Length != _segments.Length)
            {
                return false;
            }

            for (var i = 0; i < segments.Length; i++)
            {
                if (_segments[i] != "*" && !_segments[i].Equals(segments[i], StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

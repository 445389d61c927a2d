using System.Text.Json.Nodes;
using IdentityOps.Core.Graph.Collection;

namespace IdentityOps.Benchmarks;

/// <summary>
/// The fewest requests Graph's documented page sizes allow for the data the rules need: the sum of
/// ceil(objects / maximum page size) over the endpoints, at least one request each; privileged users'
/// sign-ins count per group of users a filter may name (Graph's filter limits), each at least one request.
/// </summary>
internal sealed record MinimalPlan(long Objects, long Requests)
{
    private static readonly HashSet<string> LegacyClientApps = new(
        LegacySignInsReader.LegacyClientApps, StringComparer.Ordinal);

    private static readonly (string File, int MaxPage)[] Endpoints =
    [
        ("organization.json", 999),
        ("applications.json", 999),
        ("servicePrincipals.json", 999),
        ("oauth2PermissionGrants.json", 999),
        ("users.json", 500), // with signInActivity selected
        ("reports/authenticationMethods/userRegistrationDetails.json", 999),
        ("roleManagement/directory/roleDefinitions.json", 999),
        ("roleManagement/directory/roleAssignments.json", 999),
        ("identity/conditionalAccess/policies.json", 999),

        // No documented maximum page size: Graph's default.
        ("reports/servicePrincipalSignInActivities.json", 100),
        ("roleManagement/directory/roleEligibilitySchedules.json", 100),
        ("roleManagement/directory/roleAssignmentScheduleInstances.json", 100),
    ];

    public static MinimalPlan For(IReadOnlyDictionary<string, JsonNode> files, DateTimeOffset asOf)
    {
        long objects = 0, requests = 5; // the five policy singletons
        foreach (var (file, maxPage) in Endpoints)
        {
            var count = Count(files, file, _ => true);
            objects += count;
            requests += Pages(count, maxPage);
        }

        foreach (var resource in files.Keys.Where(k => k.EndsWith("/appRoleAssignedTo.json", StringComparison.Ordinal)))
        {
            var count = Count(files, resource, _ => true);
            objects += count;
            requests += Pages(count, 999);
        }

        // Members of the groups that hold privileged roles: one listing per group (in $batch).
        foreach (var group in PrivilegedGroups(files))
        {
            var count = Count(files, $"groups/{group}/transitiveMembers.json", _ => true);
            objects += count;
            requests += Pages(count, 999);
        }

        // Federated credentials of privileged apps: one listing per app (in $batch), at most 20 credentials each.
        foreach (var application in PrivilegedApplications(files))
        {
            objects += Count(files, $"applications/{application}/federatedIdentityCredentials.json", _ => true);
            requests += 1;
        }

        var since = asOf.AddDays(-30);
        bool InWindow(JsonNode signIn)
            => DateTimeOffset.TryParse(signIn["createdDateTime"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
               && at >= since && at <= asOf;

        var legacy = Count(files, "auditLogs/signIns.json", signIn => LegacyClientApps.Contains(signIn["clientAppUsed"]?.GetValue<string>() ?? string.Empty) && InWindow(signIn));
        objects += legacy;

        // Graph's limit of 15 filter expressions splits the legacy clients into slices: one request each at least.
        requests += Math.Max(Pages(legacy, 1000), LegacySignInsReader.Filters(since, asOf).Count());

        // Privileged users' sign-ins: Graph's filter limit allows only so many users per request,
        // so each group of users costs at least one request, and a page holds 1,000 events.
        foreach (var group in PrivilegedSignInsReader.Groups(PrivilegedUsers(files)))
        {
            var users = group.Select(id => id.ToString("D")).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var events = Count(files, "auditLogs/signIns.json", signIn => users.Contains(signIn["userId"]?.GetValue<string>() ?? string.Empty) && InWindow(signIn));
            objects += events;
            requests += Pages(events, 1000);
        }

        return new MinimalPlan(objects, requests);
    }

    /// <summary>Users assigned a role definition marked <c>isPrivileged</c>, directly or as a member of a group that is.</summary>
    private static IEnumerable<Guid> PrivilegedUsers(IReadOnlyDictionary<string, JsonNode> files)
        => PrivilegedAssignments(files)
            .Where(a => a["principal"]?["@odata.type"]?.GetValue<string>() == "#microsoft.graph.user")
            .Select(a => Guid.Parse(a["principalId"]!.GetValue<string>()))
            .Concat(PrivilegedGroups(files)
                .SelectMany(group => Items(files, $"groups/{group}/transitiveMembers.json"))
                .Where(m => m["@odata.type"]?.GetValue<string>() == "#microsoft.graph.user")
                .Select(m => Guid.Parse(m["id"]!.GetValue<string>())))
            .Distinct();

    private static IEnumerable<string> PrivilegedGroups(IReadOnlyDictionary<string, JsonNode> files)
        => PrivilegedAssignments(files)
            .Where(a => a["principal"]?["@odata.type"]?.GetValue<string>() == "#microsoft.graph.group")
            .Select(a => a["principalId"]!.GetValue<string>())
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>App registrations whose service principal holds a path-to-Global-Administrator Graph permission or a privileged role.</summary>
    private static IEnumerable<string> PrivilegedApplications(IReadOnlyDictionary<string, JsonNode> files)
    {
        var dangerous = IdentityOps.Core.Inventory.Reference.GraphPermissionTiers.All
            .Where(p => p.Tier is IdentityOps.Core.Inventory.Reference.PermissionTier.Direct or IdentityOps.Core.Inventory.Reference.PermissionTier.Indirect)
            .Select(p => p.Id.ToString("D"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var principals = files.Keys.Where(k => k.EndsWith("/appRoleAssignedTo.json", StringComparison.Ordinal))
            .SelectMany(k => Items(files, k))
            .Where(a => dangerous.Contains(a["appRoleId"]?.GetValue<string>() ?? string.Empty))
            .Select(a => a["principalId"]!.GetValue<string>())
            .Concat(PrivilegedAssignments(files).Select(a => a["principalId"]!.GetValue<string>()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var appIds = Items(files, "servicePrincipals.json")
            .Where(sp => principals.Contains(sp["id"]!.GetValue<string>()))
            .Select(sp => sp["appId"]!.GetValue<string>())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Items(files, "applications.json").Where(app => appIds.Contains(app["appId"]!.GetValue<string>())).Select(app => app["id"]!.GetValue<string>());
    }

    private static IEnumerable<JsonNode> PrivilegedAssignments(IReadOnlyDictionary<string, JsonNode> files)
    {
        var privileged = Items(files, "roleManagement/directory/roleDefinitions.json")
            .Where(d => d["isPrivileged"]?.GetValue<bool>() == true)
            .Select(d => d["id"]!.GetValue<string>())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Items(files, "roleManagement/directory/roleAssignments.json").Where(a => privileged.Contains(a["roleDefinitionId"]!.GetValue<string>()));
    }

    private static IEnumerable<JsonNode> Items(IReadOnlyDictionary<string, JsonNode> files, string file)
        => files.TryGetValue(file, out var body) && body["value"] is JsonArray items ? items.OfType<JsonNode>() : [];

    private static long Pages(long count, int maxPage) => Math.Max(1, (count + maxPage - 1) / maxPage);

    private static long Count(IReadOnlyDictionary<string, JsonNode> files, string file, Func<JsonNode, bool> predicate)
        => files.TryGetValue(file, out var body) && body["value"] is JsonArray items ? items.Count(i => i is not null && predicate(i)) : 0;
}

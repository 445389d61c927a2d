using System.Text.Json.Nodes;

namespace IdentityOps.Benchmarks;

/// <summary>
/// The fewest requests Graph's documented page sizes allow for the data the rules need: the sum of
/// ceil(objects / maximum page size) over the endpoints, at least one request each.
/// </summary>
internal sealed record MinimalPlan(long Objects, long Requests)
{
    private static readonly HashSet<string> LegacyClientApps = new(
        IdentityOps.Core.Graph.Collection.LegacySignInsReader.LegacyClientApps, StringComparer.Ordinal);

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

        var since = asOf.AddDays(-30);
        var legacy = Count(files, "auditLogs/signIns.json", signIn =>
            LegacyClientApps.Contains(signIn["clientAppUsed"]?.GetValue<string>() ?? string.Empty)
            && DateTimeOffset.TryParse(signIn["createdDateTime"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            && at >= since && at <= asOf);
        objects += legacy;
        requests += Pages(legacy, 1000);
        return new MinimalPlan(objects, requests);
    }

    private static long Pages(long count, int maxPage) => Math.Max(1, (count + maxPage - 1) / maxPage);

    private static long Count(IReadOnlyDictionary<string, JsonNode> files, string file, Func<JsonNode, bool> predicate)
        => files.TryGetValue(file, out var body) && body["value"] is JsonArray items ? items.Count(i => i is not null && predicate(i)) : 0;
}

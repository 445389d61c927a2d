using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityOps.Emulator.Schema;

namespace IdentityOps.Emulator;

/// <summary>
/// A request resolved far enough to be priced and throttled; <see cref="Execute"/> serves it. <see cref="Schema"/> is
/// the schema check's verdict, recorded in the emulator's log.
/// </summary>
internal sealed record RequestPlan(ThrottleClass Class, int Cost, bool SignInActivity, bool CarriesSkipToken, Func<DateTimeOffset, EmulatorAnswer> Execute)
{
    public SchemaVerdict? Schema { get; init; }
}

/// <summary>Maps a Graph v1.0 GET to the tenant's data: collections paged, singletons and items projected, delta tracked.</summary>
internal sealed class GraphRouter(EmulatedTenant tenant, TokenStore tokens, GraphEmulatorOptions options)
{
    // Graph documents delta on these directory collections (applications, servicePrincipals, users, oauth2PermissionGrants, groups).
    private static readonly FrozenSet<string> DeltaCollections = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "applications", "servicePrincipals", "users", "oauth2PermissionGrants", "groups");

    private static readonly FrozenSet<string> DeltaSegments = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "delta", "delta()", "microsoft.graph.delta", "microsoft.graph.delta()");

    // Collections a snapshot may leave out; a missing one answers an empty page, as an empty tenant would.
    private static readonly string[][] KnownCollections =
    [
        .. new[]
        {
            "applications", "servicePrincipals", "users", "groups", "organization", "oauth2PermissionGrants",
            "servicePrincipals/*/appRoleAssignedTo", "servicePrincipals/*/appRoleAssignments", "users/*/appRoleAssignments",
            "applications/*/federatedIdentityCredentials", "applications/*/owners", "servicePrincipals/*/owners",
            "roleManagement/directory/roleDefinitions", "roleManagement/directory/roleAssignments",
            "roleManagement/directory/roleEligibilitySchedules", "roleManagement/directory/roleAssignmentScheduleInstances",
            "groups/*/transitiveMembers", "reports/servicePrincipalSignInActivities",
            "reports/authenticationMethods/userRegistrationDetails", "auditLogs/signIns", "auditLogs/directoryAudits",
            "identity/conditionalAccess/policies", "identity/conditionalAccess/namedLocations",
            "policies/authenticationStrengthPolicies",
            "domains", "groupSettings", "policies/roleManagementPolicyAssignments", // issue 19 C
        }.Select(pattern => pattern.Split('/')),
    ];

    public RequestPlan Plan(string method, GraphTarget target, DateTimeOffset now)
    {
        var schema = RequestSchemaCheck.Check(method, target);
        return SchemaRefusal(schema, target) ?? PlanChecked(method, target, SchemaView.Of(schema), now) with { Schema = schema };
    }

    /// <summary>
    /// Before anything else, as Graph parses the URL before it serves: a segment or a property the version's schema lacks
    /// is a 400 BadRequest, whatever else the request would have met.
    /// </summary>
    private static RequestPlan? SchemaRefusal(SchemaVerdict verdict, GraphTarget target) =>
        verdict.Refused
            ? new RequestPlan(GraphEmulatorBudgets.Classify(target.Path), 1, false, false, at => GraphAnswers.Error(400, GraphErrorCodes.BadRequest, verdict.Detail!, at)) { Schema = verdict }
            : null;

    private RequestPlan PlanChecked(string method, GraphTarget target, SchemaView? view, DateTimeOffset now)
    {
        var path = target.Path;
        var throttleClass = GraphEmulatorBudgets.Classify(path);
        var urlShape = ShapeOf(target);
        var skipToken = target.Option("skiptoken");

        if (!method.Equals("GET", StringComparison.OrdinalIgnoreCase))
        {
            return new RequestPlan(throttleClass, Cost(method, path, urlShape), false, false, GraphAnswers.MethodNotAllowed);
        }

        // Before anything is served: a licence or directory role the read needs and the tenant or admin lacks.
        if (GraphAccessRules.Answer(options.Access, target, now) is { } refused)
        {
            return new RequestPlan(throttleClass, Cost(method, path, urlShape), urlShape.SignInActivity, skipToken is not null, _ => refused);
        }

        if (AddressesDeletedObject(path))
        {
            return new RequestPlan(throttleClass, Cost(method, path, urlShape), false, false, at => GraphAnswers.NotFound(path, at));
        }

        if (skipToken is not null)
        {
            if (tokens.FindPage(skipToken, now) is not { } cursor)
            {
                return new RequestPlan(throttleClass, Cost(method, path, urlShape), urlShape.SignInActivity, true, GraphAnswers.ExpiredPageToken);
            }

            var shape = cursor.Snapshot.Shape;
            return new RequestPlan(throttleClass, Cost(method, path, shape), shape.SignInActivity, true, at => ServePage(cursor.Snapshot, cursor.Offset, cursor, at));
        }

        switch (Resolve(path))
        {
            case DeltaTarget when target.Option("deltatoken") is { } deltaToken && !deltaToken.Equals("latest", StringComparison.OrdinalIgnoreCase):
                var state = tokens.FindDelta(deltaToken, now);
                var deltaShape = state?.Shape ?? urlShape;
                return new RequestPlan(throttleClass, Cost(method, path, deltaShape), false, false, at => state is null ? GraphAnswers.SyncStateNotFound(at) : ServeDeltaChanges(state, at));
            case DeltaTarget delta:
                return new RequestPlan(throttleClass, Cost(method, path, urlShape), false, false, at => ServeDeltaStart(target, delta, urlShape, view, at));
            case CollectionTarget collection:
                return new RequestPlan(throttleClass, Cost(method, path, urlShape), urlShape.SignInActivity, false, at => ServeCollection(target, collection.Items, urlShape, view, at));
            case var resolved:
                return new RequestPlan(throttleClass, Cost(method, path, urlShape), urlShape.SignInActivity, false, at => ServeSingle(target, resolved, view, at));
        }
    }

    /// <summary>A path that names an object of <see cref="GraphEmulatorOptions.DeletedAfterListing"/> by id (not the collection listing it).</summary>
    private bool AddressesDeletedObject(string path)
    {
        if (options.DeletedAfterListing.Count == 0)
        {
            return false;
        }

        var segments = path.Split('/');
        return segments.Skip(1).Any(segment => options.DeletedAfterListing.Any(id => id.Equals(segment, StringComparison.OrdinalIgnoreCase)));
    }

    private static QueryShape ShapeOf(GraphTarget target)
    {
        var select = target.Option("select");
        var expand = target.Option("expand");
        int? top = int.TryParse(target.Option("top"), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new QueryShape(
            !string.IsNullOrWhiteSpace(select),
            !string.IsNullOrWhiteSpace(expand),
            top,
            GraphEmulatorBudgets.SelectsSignInActivity(target.Path, select, target.Option("filter")));
    }

    private static int Cost(string method, string path, QueryShape shape) =>
        GraphEmulatorBudgets.ResourceUnitCost(method, path, shape.Select, shape.Expand, shape.Top);

    private static int PageSize(string? top, int defaultSize, int max)
    {
        if (top is null)
        {
            return defaultSize;
        }

        // Graph refuses a page size outside 1…max rather than clamping it.
        if (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > max)
        {
            throw new ODataQueryException(
                GraphErrorCodes.UnsupportedQuery,
                string.Create(CultureInfo.InvariantCulture, $"Invalid page size specified: '{top}'. Must be between 1 and {max} inclusive."));
        }

        return size;
    }

    private static List<KeyValuePair<string, string>> WithoutTokens(IReadOnlyList<KeyValuePair<string, string>> query) =>
        query.Where(pair =>
        {
            var key = pair.Key.TrimStart('$');
            return !key.Equals("skiptoken", StringComparison.OrdinalIgnoreCase) && !key.Equals("deltatoken", StringComparison.OrdinalIgnoreCase);
        }).ToList();

    private static string Link(QuerySnapshot snapshot, string tokenName, string token)
    {
        var path = string.Join('/', snapshot.Path.Split('/').Select(Uri.EscapeDataString));
        var options = snapshot.LinkQuery
            .Select(pair => $"{EscapeKey(pair.Key)}={Uri.EscapeDataString(pair.Value)}")
            .Append($"{tokenName}={token}");
        return $"{GraphEmulator.BaseUrlOf(snapshot.Version)}/{path}?{string.Join('&', options)}";
    }

    private static string EscapeKey(string key) => key.StartsWith('$') ? "$" + Uri.EscapeDataString(key[1..]) : Uri.EscapeDataString(key);

    private static bool IsKnownCollection(string[] segments)
    {
        foreach (var pattern in KnownCollections)
        {
            if (pattern.Length == segments.Length
                && pattern.Zip(segments).All(pair => pair.First == "*" || pair.First.Equals(pair.Second, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        // Any path ending in a plural collection segment (letters only, ending in "s") reads as an empty collection.
        var last = segments[^1];
        return last.Length > 1 && last.All(char.IsAsciiLetter) && last.EndsWith('s');
    }

    private EmulatorAnswer ServeCollection(GraphTarget target, ItemStore? items, QueryShape shape, SchemaView? view, DateTimeOffset now)
    {
        try
        {
            SignInFilterLimit.Check(target);
            var (defaultSize, max) = GraphEmulatorBudgets.PageSizeLimits(target.Path, shape.SignInActivity);
            var pageSize = PageSize(target.Option("top"), defaultSize, max);
            var projection = Projection.Parse(target.Option("select"), target.Option("expand"), options.ExpandLimit, view);
            var filterText = target.Option("filter");
            var filter = string.IsNullOrWhiteSpace(filterText) ? null : ODataFilter.Parse(filterText);

            var all = items?.Items(() => tenant.Version, out _) ?? [];
            Row[] rows;
            if (filter is null)
            {
                rows = new Row[all.Length];
                for (var i = 0; i < all.Length; i++)
                {
                    rows[i] = new Row(all[i], null);
                }
            }
            else
            {
                // Filtered once per query; the pages that follow read this array by index.
                rows = [.. all.Where(item => item is JsonObject obj && filter.Matches(obj)).Select(item => new Row(item, null))];
            }

            var snapshot = new QuerySnapshot
            {
                Version = target.Version,
                Path = target.Path,
                LinkQuery = WithoutTokens(target.Query),
                Rows = rows,
                PageSize = pageSize,
                Projection = projection,
                Shape = shape,
                IncludeCount = string.Equals(target.Option("count"), "true", StringComparison.OrdinalIgnoreCase),
            };
            return ServePage(snapshot, 0, null, now);
        }
        catch (ODataQueryException exception)
        {
            return GraphAnswers.Error(400, exception.Code, exception.Message, now);
        }
    }

    private EmulatorAnswer ServeDeltaStart(GraphTarget target, DeltaTarget delta, QueryShape shape, SchemaView? view, DateTimeOffset now)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(target.Option("filter")))
            {
                // Directory delta accepts $filter only on ids; the emulator does not track filtered delta.
                throw new ODataQueryException(GraphErrorCodes.UnsupportedQuery, "Unsupported or invalid query filter clause specified for delta.");
            }

            var (defaultSize, max) = GraphEmulatorBudgets.PageSizeLimits(delta.CollectionKey, shape.SignInActivity);
            var pageSize = PageSize(target.Option("top"), defaultSize, max);
            var projection = Projection.Parse(target.Option("select"), target.Option("expand"), options.ExpandLimit, view);
            var items = Store(delta.CollectionKey);

            // "$deltatoken=latest" asks only for a deltaLink: sync from now on.
            var latest = string.Equals(target.Option("deltatoken"), "latest", StringComparison.OrdinalIgnoreCase);
            long version;
            Row[] rows;
            if (latest || items is null)
            {
                version = tenant.Version;
                rows = [];
            }
            else
            {
                rows = [.. items.Items(() => tenant.Version, out version).Select(item => new Row(item, null))];
            }

            var snapshot = new QuerySnapshot
            {
                Path = delta.LinkPath,
                LinkQuery = [],
                Rows = rows,
                PageSize = pageSize,
                Projection = projection,
                Shape = shape,
                Delta = new DeltaSource(delta.CollectionKey, version),
            };
            return ServePage(snapshot, 0, null, now);
        }
        catch (ODataQueryException exception)
        {
            return GraphAnswers.Error(400, exception.Code, exception.Message, now);
        }
    }

    private EmulatorAnswer ServeDeltaChanges(DeltaState state, DateTimeOffset now)
    {
        var items = Store(state.CollectionKey);
        var version = tenant.Version;
        var rows = items is null ? [] : AsGraphSendsThem(items.ChangesSince(state.Version, () => tenant.Version, out version));

        var snapshot = new QuerySnapshot
        {
            Path = state.Path,
            LinkQuery = [],
            Rows = rows,
            PageSize = state.PageSize,
            Projection = state.Projection,
            Shape = state.Shape,
            Delta = new DeltaSource(state.CollectionKey, version),
        };
        return ServePage(snapshot, 0, null, now);
    }

    /// <summary>
    /// Changes as Graph's delta sends them (see <see cref="GraphEmulatorOptions"/>): an update as its id and what changed,
    /// an owner-only change left out, and each changed object twice when repeats are asked for.
    /// </summary>
    private Row[] AsGraphSendsThem(Row[] changes)
    {
        var rows = new List<Row>(changes.Length);
        foreach (var change in changes)
        {
            var row = change;
            if (change is { Item: JsonObject current, Before: JsonObject before })
            {
                var changed = ChangedProperties(before, current);
                if (!options.DeltaTracksNavigations && changed.Count > 0 && changed.All(Projection.IsInlineNavigation))
                {
                    continue;
                }

                if (options.PartialDeltaItems)
                {
                    row = new Row(Partial(before, current, changed), null);
                }
            }

            rows.Add(row);
            if (options.RepeatDeltaItems && row.RemovedId is null)
            {
                rows.Add(row);
            }
        }

        return [.. rows];
    }

    private static List<string> ChangedProperties(JsonObject before, JsonObject current) =>
        [.. current.Select(p => p.Key).Union(before.Select(p => p.Key), StringComparer.Ordinal)
            .Where(name => !JsonNode.DeepEquals(before[name], current[name]))];

    /// <summary>The id, the type and the properties that changed; a property that went away is sent empty (an empty collection, or null).</summary>
    private static JsonObject Partial(JsonObject before, JsonObject current, List<string> changed)
    {
        var partial = new JsonObject();
        foreach (var kept in new[] { "@odata.type", "id" })
        {
            if (current.TryGetPropertyValue(kept, out var value))
            {
                partial[kept] = value?.DeepClone();
            }
        }

        foreach (var name in changed.Where(name => !partial.ContainsKey(name)))
        {
            partial[name] = current.TryGetPropertyValue(name, out var value) ? value?.DeepClone() : before[name] is JsonArray ? new JsonArray() : null;
        }

        return partial;
    }

    private EmulatorAnswer ServePage(QuerySnapshot snapshot, int offset, PageCursor? current, DateTimeOffset now)
    {
        var end = Math.Min(offset + snapshot.PageSize, snapshot.Rows.Length);
        string? nextLink = null, deltaLink = null;
        if (end < snapshot.Rows.Length)
        {
            string Issue() => tokens.IssuePage(snapshot, end, now);
            nextLink = Link(snapshot, "$skiptoken", current?.Following(Issue) ?? Issue());
        }
        else if (snapshot.Delta is { } delta)
        {
            // The deltaLink carries only the token: the query options live server-side, as Graph encodes them in its tokens.
            string Issue() => tokens.IssueDelta(new DeltaState(delta.CollectionKey, snapshot.Path, delta.Version, snapshot.Projection, snapshot.Shape, snapshot.PageSize, now));
            deltaLink = Link(snapshot, "$deltatoken", current?.Following(Issue) ?? Issue());
        }

        return GraphAnswers.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", $"{GraphEmulator.BaseUrlOf(snapshot.Version)}/$metadata#{snapshot.Path}");
            if (snapshot.IncludeCount && offset == 0)
            {
                writer.WriteNumber("@odata.count", snapshot.Rows.Length);
            }

            if (nextLink is not null)
            {
                writer.WriteString("@odata.nextLink", nextLink);
            }

            writer.WriteStartArray("value");
            for (var i = offset; i < end; i++)
            {
                var row = snapshot.Rows[i];
                if (row.RemovedId is { } removed)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", removed);
                    writer.WriteStartObject("@removed");
                    writer.WriteString("reason", "deleted");
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                else
                {
                    snapshot.Projection.Write(writer, row.Item);
                }
            }

            writer.WriteEndArray();
            if (deltaLink is not null)
            {
                writer.WriteString("@odata.deltaLink", deltaLink);
            }

            writer.WriteEndObject();
        });
    }

    private EmulatorAnswer ServeSingle(GraphTarget target, Resolution resolved, SchemaView? view, DateTimeOffset now)
    {
        try
        {
            switch (resolved)
            {
                case MalformedTarget malformed:
                    return GraphAnswers.Raw(malformed.RawText);
                case CountTarget count:
                    return GraphAnswers.Text((count.Items?.Count ?? 0).ToString(CultureInfo.InvariantCulture));
                case ObjectTarget found:
                    var projection = Projection.Parse(target.Option("select"), target.Option("expand"), options.ExpandLimit, view);
                    return GraphAnswers.Json(200, writer => projection.Write(writer, found.Body));
                default:
                    return GraphAnswers.NotFound(target.Path, now);
            }
        }
        catch (ODataQueryException exception)
        {
            return GraphAnswers.Error(400, exception.Code, exception.Message, now);
        }
    }

    private ItemStore? Store(string key) =>
        tenant.TryGetResource(key, out var resource) && resource is CollectionResource collection ? collection.Items : null;

    private Resolution Resolve(string path)
    {
        if (path.Length == 0)
        {
            return new NotFoundTarget();
        }

        if (tenant.TryGetResource(path, out var resource))
        {
            return resource switch
            {
                CollectionResource collection => new CollectionTarget(collection.Items),
                SingletonResource singleton => new ObjectTarget(singleton.Body),
                MalformedResource malformed => new MalformedTarget(malformed.RawText),
                _ => new NotFoundTarget(),
            };
        }

        var segments = path.Split('/');
        var last = segments[^1];
        var parent = string.Join('/', segments[..^1]);
        if (last.Equals("$count", StringComparison.Ordinal) && parent.Length > 0)
        {
            return Resolve(parent) is CollectionTarget counted ? new CountTarget(counted.Items) : new NotFoundTarget();
        }

        if (DeltaSegments.Contains(last) && DeltaCollections.Contains(parent))
        {
            return new DeltaTarget(parent, parent + "/delta");
        }

        if (parent.Length > 0 && Store(parent) is { } siblings)
        {
            return siblings.TryGet(last, out var item) ? new ObjectTarget(item) : new NotFoundTarget();
        }

        // A navigation of one item, such as applications/{id}/owners, served from the array the
        // snapshot keeps inline on the item (as $expand would return it).
        if (segments.Length >= 3 && InlineNavigations.Contains(last) && Store(string.Join('/', segments[..^2])) is { } owners)
        {
            if (!owners.TryGet(segments[^2], out var owner))
            {
                return new NotFoundTarget();
            }

            var navigation = new ItemStore();
            foreach (var related in owner?[last] as JsonArray ?? [])
            {
                navigation.Load(related?.DeepClone());
            }

            return new CollectionTarget(navigation);
        }

        return IsKnownCollection(segments) ? new CollectionTarget(null) : new NotFoundTarget();
    }

    /// <summary>Navigations a snapshot may carry inline on an item (see <see cref="Projection"/>).</summary>
    private static readonly HashSet<string> InlineNavigations = new(StringComparer.OrdinalIgnoreCase) { "owners" };

    private abstract record Resolution;

    /// <summary>A collection; <see cref="Items"/> is null when the snapshot has no file for it (an empty page).</summary>
    private sealed record CollectionTarget(ItemStore? Items) : Resolution;

    private sealed record ObjectTarget(JsonNode? Body) : Resolution;

    private sealed record MalformedTarget(string RawText) : Resolution;

    private sealed record DeltaTarget(string CollectionKey, string LinkPath) : Resolution;

    private sealed record CountTarget(ItemStore? Items) : Resolution;

    private sealed record NotFoundTarget : Resolution;
}

using System.Text.RegularExpressions;

namespace IdentityOps.Emulator.Schema;

/// <summary>
/// Checks a request against Microsoft's published schema of the version in its URL, as Graph does before it serves
/// anything: every path segment must exist, and every property named in <c>$select</c>, <c>$expand</c> (and the
/// <c>$select</c>/<c>$expand</c>/<c>$filter</c>/<c>$orderby</c> nested in it), <c>$filter</c> and <c>$orderby</c> must be
/// one the addressed type has. Limitation: only the first segment of a property path is checked
/// (<c>signInActivity/lastSignInDateTime</c> checks <c>signInActivity</c>), and only on entity types the trimmed schema carries.
/// </summary>
internal static partial class RequestSchemaCheck
{
    // Graph's wording, as its answers quote it: "Could not find a property named 'displayVersion' on type
    // 'microsoft.graph.mobileApp'." (microsoftgraph/msgraph-beta-sdk-dotnet#563, microsoft-graph-docs#9988; Graph prefixes
    // "Parsing OData Select and Expand failed: " for $select) and "Resource not found for the segment 'auditLog'." with
    // code BadRequest (microsoftgraph/msgraph-beta-sdk-python#764, microsoft-graph-docs#21648), both status 400.
    internal static string PropertyNotFound(string name, string type) => $"Could not find a property named '{name}' on type 'microsoft.graph.{type}'.";

    internal static string SegmentNotFound(string segment) => $"Resource not found for the segment '{segment}'.";

    private static readonly HashSet<string> FilterWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "in", "has", "true", "false", "null", "add", "sub", "mul", "div", "mod",
        "asc", "desc",
    };

    public static SchemaVerdict Check(string method, GraphTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.IsBatch)
        {
            return new SchemaVerdict(SchemaVerdictKind.NotChecked, target.Version, null, "a $batch envelope: its requests are checked one by one");
        }

        var schema = GraphSchema.For(target.Version);
        switch (schema.Resolve(target.Path))
        {
            case SchemaAddress.MissingSegment missing:
                return new SchemaVerdict(SchemaVerdictKind.Refused, target.Version, null, SegmentNotFound(missing.Segment));
            case SchemaAddress.Unchecked notChecked:
                return new SchemaVerdict(SchemaVerdictKind.NotChecked, target.Version, null, notChecked.Reason);
            case SchemaAddress.Resource resource:
                var refusal = CheckOptions(schema, resource.Type, target.Option("select"), target.Option("expand"), target.Option("filter"), target.Option("orderby"));
                return new SchemaVerdict(refusal is null ? SchemaVerdictKind.Passed : SchemaVerdictKind.Refused, target.Version, resource.Type.Name, refusal);
            default:
                throw new InvalidOperationException($"Unexpected schema address for {method} {target.Path}.");
        }
    }

    private static string? CheckOptions(GraphSchema schema, SchemaType type, string? select, string? expand, string? filter, string? orderby)
    {
        return CheckSelect(schema, type, select)
            ?? CheckExpand(schema, type, expand)
            ?? CheckNames(type, FilterProperties(filter))
            ?? CheckNames(type, OrderByProperties(orderby));
    }

    private static string? CheckSelect(GraphSchema schema, SchemaType type, string? select)
    {
        foreach (var item in QueryText.SplitTopLevel(select, ','))
        {
            var (owner, name) = CastAndFirstSegment(schema, type, item);
            if (owner is not null && name is not null && !owner.Accepts(name))
            {
                return PropertyNotFound(name, owner.Name);
            }
        }

        return null;
    }

    private static string? CheckExpand(GraphSchema schema, SchemaType type, string? expand)
    {
        foreach (var item in QueryText.SplitTopLevel(expand, ','))
        {
            var open = item.IndexOf('(', StringComparison.Ordinal);
            var (owner, name) = CastAndFirstSegment(schema, type, open < 0 ? item : item[..open]);
            if (owner is null || name is null)
            {
                continue;
            }

            if (!owner.Accepts(name))
            {
                return PropertyNotFound(name, owner.Name);
            }

            if (open < 0 || owner.Navigation(name) is not { } navigation || schema.Type(navigation.TypeName) is not { } target)
            {
                continue;
            }

            string? nestedSelect = null, nestedExpand = null, nestedFilter = null, nestedOrderBy = null;
            foreach (var option in QueryText.SplitTopLevel(item[(open + 1)..].TrimEnd(')'), ';'))
            {
                var equals = option.IndexOf('=', StringComparison.Ordinal);
                if (equals < 0)
                {
                    continue;
                }

                var value = option[(equals + 1)..];
                switch (option[..equals].Trim().TrimStart('$').ToLowerInvariant())
                {
                    case "select": nestedSelect = value; break;
                    case "expand": nestedExpand = value; break;
                    case "filter": nestedFilter = value; break;
                    case "orderby": nestedOrderBy = value; break;
                }
            }

            if (CheckOptions(schema, target, nestedSelect, nestedExpand, nestedFilter, nestedOrderBy) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static string? CheckNames(SchemaType type, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!type.Accepts(name))
            {
                return PropertyNotFound(name, type.Name);
            }
        }

        return null;
    }

    /// <summary>"microsoft.graph.user/displayName" → (user, displayName); "*" and unknown casts → nothing to check.</summary>
    private static (SchemaType? Owner, string? Name) CastAndFirstSegment(GraphSchema schema, SchemaType type, string item)
    {
        var parts = item.Trim().Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] == "*")
        {
            return (null, null);
        }

        if (parts[0].Contains('.', StringComparison.Ordinal))
        {
            var cast = schema.Type(parts[0]);
            return parts.Length > 1 && parts[1] != "*" ? (cast, parts[1]) : (null, null);
        }

        return (type, parts[0]);
    }

    private static IEnumerable<string> OrderByProperties(string? orderby) =>
        QueryText.SplitTopLevel(orderby, ',')
            .Select(item => item.Trim().Split(' ', 2)[0].Split('/')[0])
            .Where(name => name.Length > 0 && !name.Contains('.', StringComparison.Ordinal));

    /// <summary>
    /// The first segment of every property path in a filter: identifiers outside string literals that are not
    /// operators, literals, function names, lambda variables or later segments of a path.
    /// </summary>
    internal static IEnumerable<string> FilterProperties(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            yield break;
        }

        var lambdaVariables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < filter.Length)
        {
            var c = filter[i];
            if (c == '\'')
            {
                // A string literal; '' is an escaped quote inside it.
                i++;
                while (i < filter.Length && !(filter[i] == '\'' && (i + 1 >= filter.Length || filter[i + 1] != '\'')))
                {
                    i += filter[i] == '\'' ? 2 : 1;
                }

                i++;
                continue;
            }

            if (GuidLiteral().Match(filter, i) is { Success: true } guid)
            {
                i += guid.Length;
                continue;
            }

            if (!char.IsAsciiLetter(c) && c != '_')
            {
                // Numbers and date literals run up to the next separator.
                if (char.IsAsciiDigit(c))
                {
                    while (i < filter.Length && (char.IsAsciiLetterOrDigit(filter[i]) || filter[i] is '-' or ':' or '.' or '+'))
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }

                continue;
            }

            var start = i;
            while (i < filter.Length && (char.IsAsciiLetterOrDigit(filter[i]) || filter[i] is '_' or '.'))
            {
                i++;
            }

            var word = filter[start..i];
            var next = i;
            while (next < filter.Length && filter[next] == ' ')
            {
                next++;
            }

            var following = next < filter.Length ? filter[next] : '\0';
            var afterSlash = start > 0 && filter[start - 1] == '/';
            if (following == ':')
            {
                lambdaVariables.Add(word);
                continue;
            }

            if (following == '(' || following == '\'' || afterSlash || FilterWords.Contains(word) || lambdaVariables.Contains(word) || word.Contains('.', StringComparison.Ordinal))
            {
                continue;
            }

            yield return word;
        }
    }

    [GeneratedRegex("\\G[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex GuidLiteral();
}

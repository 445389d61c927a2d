using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IdentityOps.Core.Rules;

/// <summary>One JSON shape for evidence and findings everywhere (database, findings.json, API): camelCase, ISO-8601 UTC instants.</summary>
public static class FindingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Escape <, >, & and non-ASCII so JSON dropped into HTML or a log can never become markup.
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Instants in every JSON output: ISO-8601, UTC, to the second.</summary>
    public static string Iso(DateTimeOffset instant)
        => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Evidence(Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var ordered = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in evidence)
        {
            ordered[name] = value is DateTimeOffset instant ? Iso(instant) : value;
        }

        return JsonSerializer.Serialize(ordered, Options);
    }
}

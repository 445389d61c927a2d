using System.Globalization;
using System.Text.Json;

namespace IdentityOps.Core.Reports.Compliance;

/// <summary>Reads named settings of a collected policy (<see cref="ObservedPolicy.Settings"/>) as an auditor reads them: <c>allowedToCreateApps = false</c>.</summary>
internal static class PolicyValues
{
    /// <summary>Longest value shown; a long list is cut with its length, never silently.</summary>
    private const int MaximumValueLength = 300;

    /// <returns>The properties the settings hold, in the order asked; a property that is absent or null is left out (its absence is not a value).</returns>
    public static IReadOnlyList<(string Name, string Value)> Read(string settingsJson, IEnumerable<string> properties)
    {
        using var document = JsonDocument.Parse(settingsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var values = new List<(string, string)>();
        foreach (var name in properties.Distinct(StringComparer.Ordinal))
        {
            if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                values.Add((name, Format(value)));
            }
        }

        return values;
    }

    private static string Format(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array => $"[{string.Join(", ", value.EnumerateArray().Select(Format))}]",
            _ => value.GetRawText(),
        };
        return text.Length <= MaximumValueLength ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..MaximumValueLength]}… (+{text.Length - MaximumValueLength} characters)");
    }
}

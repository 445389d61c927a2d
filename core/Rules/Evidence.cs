using System.Collections;
using System.Globalization;

namespace IdentityOps.Core.Rules;

/// <summary>
/// The exact values that made a rule fire, in the order the rule declared them. Values are scan data
/// (strings, numbers, booleans, instants, lists of strings): templates receive them as values, never
/// as template text, and findings.json keeps them whole.
/// </summary>
public sealed class Evidence : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> fields = [];

    public int Count => fields.Count;

    public IEnumerable<string> Names => fields.Select(f => f.Key);

    public object? this[string name] => fields.First(f => f.Key == name).Value;

    /// <summary>Adds a field; collection-initialiser syntax: <c>new Evidence { { "displayName", app.DisplayName } }</c>.</summary>
    public void Add(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (fields.Any(f => f.Key == name))
        {
            throw new ArgumentException($"Evidence field '{name}' is given twice.", nameof(name));
        }

        fields.Add(new(name, Normalise(value)));
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static object? Normalise(object? value) => value switch
    {
        null or string or bool or int or long or decimal => value,
        double d => decimal.Round((decimal)d, 2),
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid id => id.ToString(),
        IEnumerable<string> list => list.ToArray(),
        _ => throw new ArgumentException($"Evidence values are strings, numbers, booleans, instants or string lists, not {value.GetType().Name}."),
    };
}

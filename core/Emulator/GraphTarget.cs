namespace IdentityOps.Emulator;

/// <summary>A request URL as Graph reads it: the version, the path relative to it and the decoded query options in order.</summary>
internal sealed class GraphTarget
{
    public const string V1 = "v1.0";
    public const string Beta = "beta";

    private GraphTarget(string version, string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        Version = version;
        Path = path;
        Query = query;
    }

    /// <summary><see cref="V1"/> (also when the URL names none, as <c>$batch</c> inner URLs do) or <see cref="Beta"/>.</summary>
    public string Version { get; }

    /// <summary>Path relative to the version, without leading or trailing slash, unescaped.</summary>
    public string Path { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    public bool IsBatch => Path.Equals("$batch", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Accepts an absolute URL, <c>/v1.0/users?…</c>, <c>/beta/users?…</c>, <c>/users?…</c> or <c>users?…</c> (the forms $batch inner URLs take).
    /// </summary>
    public static GraphTarget Parse(string url) => Parse(url, V1);

    /// <summary>As <see cref="Parse(string)"/>; a URL that names no version takes <paramref name="defaultVersion"/>.</summary>
    public static GraphTarget Parse(string url, string defaultVersion)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();

        // On Unix "/users" is an absolute file: URI, so only http(s) counts as absolute here.
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
        {
            text = absolute.PathAndQuery;
        }

        var question = text.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? text : text[..question];
        var rawQuery = question < 0 ? string.Empty : text[(question + 1)..];

        var path = Uri.UnescapeDataString(rawPath).Trim('/');
        var version = defaultVersion;
        foreach (var candidate in (string[])[V1, Beta])
        {
            if (path.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                (version, path) = (candidate, string.Empty);
            }
            else if (path.StartsWith(candidate + "/", StringComparison.OrdinalIgnoreCase))
            {
                (version, path) = (candidate, path[(candidate.Length + 1)..].Trim('/'));
            }
        }

        var query = new List<KeyValuePair<string, string>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            query.Add(new(Decode(key), Decode(value)));
        }

        return new GraphTarget(version, path, query);
    }

    /// <summary>The value of a system query option, with or without its <c>$</c> (Graph v1.0 accepts both); the last one wins.</summary>
    public string? Option(string name)
    {
        for (var i = Query.Count - 1; i >= 0; i--)
        {
            var key = Query[i].Key;
            var bare = key.StartsWith('$') ? key[1..] : key;
            if (bare.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Query[i].Value;
            }
        }

        return null;
    }

    // Form encoding writes spaces as '+'; a literal '+' (as in a UTC offset) arrives as %2B.
    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));
}

namespace IdentityOps.Core.Graph.Collection;

/// <summary>The few reads that only Graph's beta version documents; the SDK speaks v1.0.</summary>
internal static class GraphVersions
{
    /// <summary>The same request on beta: it differs from v1.0 only in the version segment.</summary>
    public static string Beta(Uri v1)
    {
        var url = v1.AbsoluteUri;
        const string Version = "/v1.0/";
        var at = url.IndexOf(Version, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new GraphCollectionException($"Cannot find the Graph version in '{v1.AbsolutePath}'.");
        }

        return string.Concat(url.AsSpan(0, at), "/beta/", url.AsSpan(at + Version.Length));
    }
}

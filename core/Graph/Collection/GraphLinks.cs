using Microsoft.Graph;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// A link Graph hands back (<c>@odata.nextLink</c>, <c>@odata.deltaLink</c>) or a delta link a scan stored for the
/// next one is followed whole (paging.md: never rebuilt), so the URL's host is whatever the answer or the row said.
/// The collector follows it only to the host of the client's own service root over https: anything else is refused
/// before a request is built, so neither the token nor the request goes there, and the collection becomes
/// unavailable with the reason. The authentication provider refuses a token to other hosts as well
/// (<see cref="DelegatedAccessTokenProvider"/>); this check is the one that stops the request.
/// </summary>
internal static class GraphLinks
{
    public static string Followable(GraphServiceClient graph, string link, string what)
    {
        var root = new Uri(graph.RequestAdapter.BaseUrl ?? throw new InvalidOperationException("The Graph client has no service root."));
        if (Uri.TryCreate(link, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && string.IsNullOrEmpty(uri.UserInfo)
            && string.Equals(uri.Host, root.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == root.Port)
        {
            return link;
        }

        // The host only: the rest of a foreign link is not ours to repeat.
        var where = uri is null ? "a value that is not an absolute URL" : uri.Scheme == Uri.UriSchemeHttps ? $"host {uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}";
        throw new GraphCollectionException(
            $"Graph returned a {what} pointing to {where}, which is not Microsoft Graph ({root.Host}); IdentityOps refused to follow it, so no request and no token went there.");
    }
}

using Microsoft.Graph;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Follows <c>@odata.nextLink</c> whole (never rebuilding skip tokens) until the last page, and only to the client's
/// own Graph host (<see cref="GraphLinks"/>).
/// </summary>
internal static class GraphPaging
{
    private const int MalformedPageRetries = 3;

    /// <summary>Reads every page, handing each to <paramref name="onPage"/>.</summary>
    public static async Task ReadAllAsync<TPage>(
        GraphServiceClient graph,
        Func<CancellationToken, Task<TPage?>> firstPage,
        Func<string, CancellationToken, Task<TPage?>> pageAt,
        Func<TPage, string?> nextLink,
        Func<TPage, CancellationToken, Task> onPage,
        CancellationToken cancellationToken)
        where TPage : class
    {
        var page = await RetryMalformedAsync(firstPage, cancellationToken);
        while (true)
        {
            await onPage(page, cancellationToken);
            var next = nextLink(page);
            if (string.IsNullOrEmpty(next))
            {
                return;
            }

            var link = GraphLinks.Followable(graph, next, "next-page link");
            page = await RetryMalformedAsync(ct => pageAt(link, ct), cancellationToken);
        }
    }

    /// <summary>
    /// A response cut off in transit parses as malformed JSON; the same request usually answers
    /// whole the second time. One that stays malformed fails the collection with that reason.
    /// </summary>
    public static async Task<TResult> RetryMalformedAsync<TResult>(Func<CancellationToken, Task<TResult?>> read, CancellationToken cancellationToken)
        where TResult : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read(cancellationToken) ?? throw new GraphCollectionException("Graph answered with an empty body where a page was expected.");
            }
            catch (Exception error) when (GraphErrors.IsMalformedBody(error) && attempt < MalformedPageRetries)
            {
            }
            catch (Exception error) when (GraphErrors.IsMalformedBody(error))
            {
                throw new GraphCollectionException($"Graph kept answering with malformed JSON ({error.Message}).", error);
            }
        }
    }
}

namespace IdentityOps.Core.Graph.Collection;

/// <summary>Follows <c>@odata.nextLink</c> whole (never rebuilding skip tokens) until the last page.</summary>
internal static class GraphPaging
{
    private const int MalformedPageRetries = 3;

    /// <summary>Reads every page; returns the delta link of the last page, if any.</summary>
    public static async Task<string?> ReadAllAsync<TPage>(
        Func<CancellationToken, Task<TPage?>> firstPage,
        Func<string, CancellationToken, Task<TPage?>> pageAt,
        Func<TPage, string?> nextLink,
        Func<TPage, string?> deltaLink,
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
                return deltaLink(page);
            }

            page = await RetryMalformedAsync(ct => pageAt(next, ct), cancellationToken);
        }
    }

    // A page cut off in transit parses as malformed JSON; the same URL usually answers whole the
    // second time. A page that stays malformed fails the collection with that reason.
    private static async Task<TPage> RetryMalformedAsync<TPage>(Func<CancellationToken, Task<TPage?>> read, CancellationToken cancellationToken)
        where TPage : class
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

using System.Net;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Independent GETs sent through <c>$batch</c>, 20 at a time as Graph allows. Each inner request is
/// throttled on its own and may come back 429 inside a 200 batch; the SDK does not retry those,
/// so this does, after the longest Retry-After among them. An inner 404 is an object deleted after the
/// listing that named it and before this read of it: it is handed to <c>onGone</c>, so the caller loses
/// that one object (counted, with the reason) instead of the whole collection.
/// </summary>
internal static class GraphBatch
{
    private const int MaxRounds = 8;

    /// <summary>Inner 429s asking for longer than this defer the scan, as <see cref="GraphRetryHandler"/> does for single requests.</summary>
    private static readonly TimeSpan LongThrottle = new GraphRetryOptions().LongThrottle;

    /// <summary>
    /// Sends the first page of each listing in <c>$batch</c>, then follows each one's next links
    /// whole, handing every page to <paramref name="onPage"/> with the listing's key.
    /// </summary>
    public static async Task ReadAllAsync<TPage>(
        GraphServiceClient graph,
        IReadOnlyDictionary<string, RequestInformation> firstPages,
        Func<string, string, CancellationToken, Task<TPage?>> pageAt,
        Func<TPage, string?> nextLink,
        Func<string, TPage, CancellationToken, Task> onPage,
        Action<string> onGone,
        TimeProvider time,
        CancellationToken cancellationToken)
        where TPage : class, IParsable, new()
    {
        foreach (var (key, firstPage) in await GetAsync<TPage>(graph, firstPages, onGone, time, cancellationToken))
        {
            if (firstPage is null)
            {
                continue;
            }

            await GraphPaging.ReadAllAsync(
                graph,
                _ => Task.FromResult<TPage?>(firstPage),
                (link, ct) => pageAt(key, link, ct),
                nextLink,
                (page, ct) => onPage(key, page, ct),
                cancellationToken);
        }
    }

    public static async Task<IReadOnlyDictionary<string, T?>> GetAsync<T>(
        GraphServiceClient graph,
        IReadOnlyDictionary<string, RequestInformation> requests,
        Action<string> onGone,
        TimeProvider time,
        CancellationToken cancellationToken)
        where T : IParsable, new()
    {
        var results = new Dictionary<string, T?>(StringComparer.Ordinal);
        var pending = requests.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);

        for (var round = 1; pending.Count > 0; round++)
        {
            var retryAfter = TimeSpan.Zero;
            foreach (var chunk in pending.Chunk(20).ToList())
            {
                var batch = new BatchRequestContentCollection(graph);
                var stepIds = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, request) in chunk)
                {
                    stepIds[await batch.AddBatchRequestStepAsync(request)] = key;
                }

                var (response, statuses) = await GraphPaging.RetryMalformedAsync(
                    async ct =>
                    {
                        var sent = await graph.Batch.PostAsync(batch, ct);
                        return Tuple.Create(sent, await sent.GetResponsesStatusCodesAsync());
                    },
                    cancellationToken);
                foreach (var (stepId, status) in statuses)
                {
                    var key = stepIds[stepId];
                    if (status == HttpStatusCode.OK)
                    {
                        results[key] = await response.GetResponseByIdAsync<T>(stepId);
                        pending.Remove(key);
                    }
                    else if (status == HttpStatusCode.NotFound)
                    {
                        onGone(key);
                        pending.Remove(key);
                    }
                    else if (status == HttpStatusCode.TooManyRequests && round >= MaxRounds)
                    {
                        using var inner = await response.GetResponseByIdAsync(stepId);
                        throw new GraphThrottledException(GraphRetryHandler.RetryAfter(inner.Headers, time.GetUtcNow()) ?? LongThrottle);
                    }
                    else if (GraphRetryHandler.IsRetryable(status) && round < MaxRounds)
                    {
                        using var inner = await response.GetResponseByIdAsync(stepId);
                        var wait = GraphRetryHandler.RetryAfter(inner.Headers, time.GetUtcNow()) ?? TimeSpan.FromSeconds(Math.Pow(2, round - 1));
                        retryAfter = wait > retryAfter ? wait : retryAfter;
                    }
                    else
                    {
                        throw new GraphCollectionException($"A batched Graph read failed with {(int)status} {status}.");
                    }
                }
            }

            if (retryAfter > LongThrottle)
            {
                throw new GraphThrottledException(retryAfter);
            }

            if (pending.Count > 0)
            {
                await Task.Delay(retryAfter, time, cancellationToken);
            }
        }

        return results;
    }
}

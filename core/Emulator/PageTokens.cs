using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IdentityOps.Emulator;

/// <summary>What the cost and the limits need to know of a query, remembered across its pages.</summary>
internal sealed record QueryShape(bool Select, bool Expand, int? Top, bool SignInActivity);

/// <summary>For a delta query: the collection it tracks and the tenant version its rows reflect.</summary>
internal sealed record DeltaSource(string CollectionKey, long Version);

/// <summary>
/// A query evaluated once (filtered, ordered) and kept server-side, so each page is an index range into
/// <see cref="Rows"/>: O(page) per request, never a re-filter of the collection.
/// </summary>
internal sealed class QuerySnapshot
{
    /// <summary>The Graph version the query was made on; its next links stay on it.</summary>
    public string Version { get; init; } = GraphTarget.V1;

    public required string Path { get; init; }

    /// <summary>The query options repeated in each nextLink (never the tokens).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> LinkQuery { get; init; }

    public required Row[] Rows { get; init; }

    public required int PageSize { get; init; }

    public required Projection Projection { get; init; }

    public required QueryShape Shape { get; init; }

    public bool IncludeCount { get; init; }

    public DeltaSource? Delta { get; init; }
}

/// <summary>Where a <c>$skiptoken</c> points. Immutable, so a retried URL gets the same page and the same next token.</summary>
internal sealed class PageCursor(QuerySnapshot snapshot, int offset, DateTimeOffset expiresAt)
{
    private string? _following;

    public QuerySnapshot Snapshot { get; } = snapshot;

    public int Offset { get; } = offset;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The token of the next page (or the delta token after the last one), issued once.</summary>
    public string Following(Func<string> issue)
    {
        if (Volatile.Read(ref _following) is { } existing)
        {
            return existing;
        }

        var fresh = issue();
        return Interlocked.CompareExchange(ref _following, fresh, null) ?? fresh;
    }
}

/// <summary>What a <c>$deltatoken</c> stands for: the query of the initial delta request and the version it saw.</summary>
internal sealed record DeltaState(string CollectionKey, string Path, long Version, Projection Projection, QueryShape Shape, int PageSize, DateTimeOffset IssuedAt);

/// <summary>
/// Opaque tokens mapped server-side, as Graph's are: the client sees random text, never an offset. Expired entries are
/// swept now and then; an unknown token and an expired one get the same answer, so sweeping is invisible.
/// </summary>
internal sealed class TokenStore(TimeSpan pageLifetime, TimeSpan deltaLifetime)
{
    private const int SweepEvery = 512;

    private readonly ConcurrentDictionary<string, PageCursor> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeltaState> _deltas = new(StringComparer.Ordinal);
    private int _issued;

    public string IssuePage(QuerySnapshot snapshot, int offset, DateTimeOffset now)
    {
        var token = NewToken();
        _pages[token] = new PageCursor(snapshot, offset, now + pageLifetime);
        SweepNowAndThen(now);
        return token;
    }

    public PageCursor? FindPage(string token, DateTimeOffset now) =>
        _pages.TryGetValue(token, out var cursor) && now < cursor.ExpiresAt ? cursor : null;

    public string IssueDelta(DeltaState state)
    {
        var token = NewToken();
        _deltas[token] = state;
        SweepNowAndThen(state.IssuedAt);
        return token;
    }

    public DeltaState? FindDelta(string token, DateTimeOffset now) =>
        _deltas.TryGetValue(token, out var state) && now - state.IssuedAt < deltaLifetime ? state : null;

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    private void SweepNowAndThen(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _issued) % SweepEvery != 0)
        {
            return;
        }

        foreach (var (token, cursor) in _pages)
        {
            if (now >= cursor.ExpiresAt)
            {
                _pages.TryRemove(token, out _);
            }
        }

        foreach (var (token, state) in _deltas)
        {
            if (now - state.IssuedAt >= deltaLifetime)
            {
                _deltas.TryRemove(token, out _);
            }
        }
    }
}

namespace IdentityOps.Emulator;

/// <summary>A failure the emulator can inject into a request.</summary>
public enum FaultKind
{
    /// <summary>429 with a whole-second <c>Retry-After</c>.</summary>
    TooManyRequestsWithRetryAfter,

    /// <summary>429 with a fractional <c>Retry-After</c> (Graph documents values like <c>2.128</c>).</summary>
    TooManyRequestsFractionalRetryAfter,

    /// <summary>429 without <c>Retry-After</c>, as some Graph services answer.</summary>
    TooManyRequestsWithoutRetryAfter,

    /// <summary>503 Service Unavailable with a Graph error body.</summary>
    ServiceUnavailable,

    /// <summary>504 Gateway Timeout with a Graph error body.</summary>
    GatewayTimeout,

    /// <summary>The connection drops: <see cref="HttpRequestException"/> with an inner <see cref="IOException"/>.</summary>
    DroppedConnection,

    /// <summary>200 whose JSON body is cut in half.</summary>
    TruncatedBody,

    /// <summary>The answer comes late (up to 2 s divided by the speed factor), then normally.</summary>
    SlowResponse,

    /// <summary>A request carrying <c>$skiptoken</c> is told its page token expired.</summary>
    ExpiredPageToken,
}

/// <summary>
/// Seeded, deterministic: each request draws from <c>Random(Seed)</c> whether to fault (<paramref name="Probability"/>)
/// and which kind, so the same seed and the same sequence of requests give the same faults.
/// </summary>
public sealed record FaultPlan(int Seed, double Probability, IReadOnlyList<FaultKind> Kinds)
{
    /// <summary>No faults at all.</summary>
    public static FaultPlan None { get; } = new(0, 0, []);
}

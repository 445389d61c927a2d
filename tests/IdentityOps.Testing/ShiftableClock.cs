namespace IdentityOps.Testing;

/// <summary>
/// Real time plus an offset the test moves forward. Unlike a fake clock, timers and delays still
/// run in real time, so a whole app (Graph pacing, retries, background jobs) keeps working while a
/// test jumps past a session's 15-minute rotation or 24-hour end.
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

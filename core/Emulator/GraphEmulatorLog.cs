using IdentityOps.Emulator.Schema;

namespace IdentityOps.Emulator;

/// <summary>
/// One request the emulator answered. <paramref name="Status"/> is 0 when the connection was dropped on purpose;
/// <paramref name="ResourceUnits"/> is what the request was charged (0 when it was throttled or faulted before being served);
/// <paramref name="Schema"/> is what the check against Microsoft's published schema of the URL's version made of it
/// (an inner <c>$batch</c> request is checked against the version of the <c>$batch</c> URL).
/// </summary>
public sealed record EmulatedRequest(string Method, string PathAndQuery, int Status, int ResourceUnits, bool InsideBatch, DateTimeOffset At, SchemaVerdict? Schema = null);

/// <summary>Thread-safe record of every request the emulator answered (inner <c>$batch</c> requests too, flagged).</summary>
public sealed class GraphEmulatorLog
{
    private readonly Lock _gate = new();
    private readonly List<EmulatedRequest> _requests = [];
    private long _resourceUnitsSpent;
    private int _throttled;

    internal GraphEmulatorLog()
    {
    }

    /// <summary>A snapshot copy, in the order the answers were given.</summary>
    public IReadOnlyList<EmulatedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Sum of the resource units charged (the <c>x-ms-resource-unit</c> of every served request).</summary>
    public long ResourceUnitsSpent
    {
        get
        {
            lock (_gate)
            {
                return _resourceUnitsSpent;
            }
        }
    }

    /// <summary>Number of 429 answers issued, by the limits or by the fault plan, inside batches or not.</summary>
    public int Throttled
    {
        get
        {
            lock (_gate)
            {
                return _throttled;
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _resourceUnitsSpent = 0;
            _throttled = 0;
        }
    }

    internal void Record(EmulatedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
            _resourceUnitsSpent += request.ResourceUnits;
            if (request.Status == 429)
            {
                _throttled++;
            }
        }
    }
}

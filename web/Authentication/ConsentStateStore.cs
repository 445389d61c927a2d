using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using IdentityOps.Core.Identity.Sessions;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// The admin-consent round trip's <c>state</c>: random, single-use, expiring, kept on the server and
/// bound to the browser that started it (by a random id in a <c>__Host-</c> cookie, of which only the
/// hash is kept). A callback whose state was not issued to that browser, or was already used, is a
/// forgery or a replay and is refused.
/// <para>
/// Kept in this process's memory: there is no tenant yet to store it under, and it lives ten minutes.
/// With several web instances, the consent must return to the instance that started it (affinity) or
/// this store must move to a shared one.
/// </para>
/// <para>
/// Bounded: anyone can start a consent anonymously, so at most <see cref="Capacity"/> entries are held
/// and a start beyond that is refused (<see cref="TryBegin"/> returns false) rather than evicting one.
/// Evicting would let a flood of starts silently cancel real admins' consents in flight; refusing
/// keeps every admitted consent working, costs a bounded amount of memory, and ends on its own as the
/// flood's entries expire. Expired entries are removed by <see cref="Sweep"/>, which
/// <see cref="ConsentStateSweeper"/> runs every <see cref="SweepInterval"/>; a start or a callback never
/// walks the store, so neither costs more as it fills.
/// </para>
/// </summary>
public sealed class ConsentStateStore(TimeProvider time)
{
    public const string CookieName = "__Host-identityops-consent";

    /// <summary>At most this many consents in flight (about 200 bytes each: a few MB at most).</summary>
    public const int Capacity = 10_000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>How often expired entries are removed: an expired entry occupies a place at most this long.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private int count;

    /// <summary>Entries held, expired ones not yet swept included.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>A new browser binding (for the cookie) and the state to send to Entra; false when <see cref="Capacity"/> consents are already in flight.</summary>
    public bool TryBegin(out string binding, out string state)
    {
        binding = string.Empty;
        state = string.Empty;

        // Reserve a place first, so concurrent starts can never push the store past its capacity.
        if (Interlocked.Increment(ref count) > Capacity)
        {
            Interlocked.Decrement(ref count);
            return false;
        }

        binding = SessionId.New();
        state = SessionId.New();
        pending[Key(binding)] = new Pending(state, time.GetUtcNow() + Lifetime);
        return true;
    }

    /// <summary>True once for the state issued to this binding, within its lifetime; the state is used up either way.</summary>
    public bool TryConsume(string? binding, string? state)
    {
        if (!SessionId.IsWellFormed(binding) || string.IsNullOrEmpty(state) || !TryRemove(Key(binding!), out var issued))
        {
            return false;
        }

        return issued.ExpiresAt > time.GetUtcNow()
               && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(issued.State), Encoding.ASCII.GetBytes(state));
    }

    /// <summary>Removes every expired entry; returns how many.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var (key, value) in pending)
        {
            if (value.ExpiresAt <= now && TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    private bool TryRemove(string key, out Pending removed)
    {
        if (!pending.TryRemove(key, out removed!))
        {
            return false;
        }

        Interlocked.Decrement(ref count);
        return true;
    }

    private static string Key(string binding) => Convert.ToHexStringLower(SessionId.Hash(binding));

    private sealed record Pending(string State, DateTimeOffset ExpiresAt);
}

/// <summary>Runs <see cref="ConsentStateStore.Sweep"/> every <see cref="ConsentStateStore.SweepInterval"/> on the injected clock.</summary>
public sealed partial class ConsentStateSweeper(ConsentStateStore states, TimeProvider time, ILogger<ConsentStateSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ConsentStateStore.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (states.Sweep() is > 0 and var removed)
                {
                    LogSwept(removed, states.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Removed} expired consent states; {Held} held")]
    private partial void LogSwept(int removed, int held);
}

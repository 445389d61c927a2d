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
/// </summary>
public sealed class ConsentStateStore(TimeProvider time)
{
    public const string CookieName = "__Host-identityops-consent";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);

    /// <summary>A new browser binding (for the cookie) and the state to send to Entra.</summary>
    public (string Binding, string State) Begin()
    {
        var now = time.GetUtcNow();
        foreach (var (key, value) in pending)
        {
            if (value.ExpiresAt <= now)
            {
                pending.TryRemove(key, out _);
            }
        }

        var binding = SessionId.New();
        var state = SessionId.New();
        pending[Key(binding)] = new Pending(state, now + Lifetime);
        return (binding, state);
    }

    /// <summary>True once for the state issued to this binding, within its lifetime; the state is used up either way.</summary>
    public bool TryConsume(string? binding, string? state)
    {
        if (!SessionId.IsWellFormed(binding) || string.IsNullOrEmpty(state) || !pending.TryRemove(Key(binding!), out var issued))
        {
            return false;
        }

        return issued.ExpiresAt > time.GetUtcNow()
               && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(issued.State), Encoding.ASCII.GetBytes(state));
    }

    private static string Key(string binding) => Convert.ToHexStringLower(SessionId.Hash(binding));

    private sealed record Pending(string State, DateTimeOffset ExpiresAt);
}

namespace IdentityOps.Core.Identity.TokenCache;

/// <summary>
/// Holds the web-app user cache writes of one sign-in callback until its id token is validated.
/// Microsoft.Identity.Web redeems the authorization code (and MSAL writes the tokens) before the
/// OpenID Connect handler validates the id token; on a first sign-in the tenant's row does not even
/// exist yet (the token cache's foreign key needs it). So the callback defers the writes, and after
/// validation — and onboarding, when it is one — writes them with <see cref="PostgresTokenCacheProvider.FlushAsync"/>,
/// or drops them. Only <c>&lt;oid&gt;.&lt;tid&gt;</c> keys are deferred; jobs' session keys never are.
/// </summary>
public sealed class DeferredTokenCacheWrites : IDisposable
{
    private static readonly AsyncLocal<DeferredTokenCacheWrites?> Active = new();

    private readonly DeferredTokenCacheWrites? previous;
    private readonly Dictionary<string, byte[]> pending = new(StringComparer.Ordinal);

    private DeferredTokenCacheWrites()
    {
        previous = Active.Value;
        Active.Value = this;
    }

    /// <summary>The deferral of the current asynchronous flow, if any.</summary>
    internal static DeferredTokenCacheWrites? Current => Active.Value;

    /// <summary>Defers web-app user cache writes in this asynchronous flow until disposed.</summary>
    public static DeferredTokenCacheWrites Begin() => new();

    /// <summary>The keys waiting to be written.</summary>
    public IReadOnlyCollection<string> PendingKeys
    {
        get
        {
            lock (pending)
            {
                return pending.Keys.ToArray();
            }
        }
    }

    internal void Put(string key, byte[] bytes)
    {
        lock (pending)
        {
            pending[key] = bytes;
        }
    }

    internal bool TryGet(string key, out byte[]? bytes)
    {
        lock (pending)
        {
            return pending.TryGetValue(key, out bytes);
        }
    }

    internal IReadOnlyList<KeyValuePair<string, byte[]>> Take()
    {
        lock (pending)
        {
            var taken = pending.ToArray();
            pending.Clear();
            return taken;
        }
    }

    /// <summary>Drops whatever was not flushed.</summary>
    public void Dispose()
    {
        lock (pending)
        {
            pending.Clear();
        }

        Active.Value = previous;
    }
}

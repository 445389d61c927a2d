using Microsoft.Extensions.Logging;
using Microsoft.Kiota.Abstractions;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Runs a scan's collections against Graph, a few at a time. A collection Graph will not give
/// (licence, consent, 403, malformed beyond retry) becomes "unavailable, because …" and its partial
/// rows are dropped, so rules report "not evaluated" rather than judge half the data; the scan goes on.
/// An expired page token restarts that collection, not the scan.
/// </summary>
public sealed partial class GraphCollector(TimeProvider time, ILogger<GraphCollector> logger)
{
    private const int MaxConcurrentCollections = 3;
    private const int MaxRestarts = 2;

    public IReadOnlyList<CollectionReader> Readers { get; } =
    [
        // Largest first, so the long reads start early and the small ones fill the gaps.
        new UsersReader(),
        new ServicePrincipalsReader(),
        new ApplicationsReader(time),
        new MfaRegistrationReader(),
        new LegacySignInsReader(),
        new DelegatedGrantsReader(),
        new AppRoleAssignmentsReader(time),
        new DirectoryRolesReader(time),
        new PrivilegedSignInsReader(),
        new AppSignInActivitiesReader(),
        new RoleSchedulesReader(),
        new FederatedCredentialsReader(time),
        new ServicePrincipalOwnersReader(time),
        new ConditionalAccessReader(),
        new AuthenticationStrengthPoliciesReader(),
        new AuthorizationPolicyReader(),
        new SecurityDefaultsReader(),
        new AuthenticationMethodsPolicyReader(),
        new AdminConsentRequestPolicyReader(),
        new DefaultAppManagementPolicyReader(),
        new OrganizationReader(),
        new DomainsReader(), // issue 19 C
        new DirectorySettingsReader(),
        new RoleManagementPoliciesReader(),
    ];

    /// <summary>
    /// Reads every collection not yet done (<see cref="ScanCollectionContext.Completed"/> of a resumed scan are taken as
    /// they were). When Graph throttles a collection for longer than the client waits in process, no further collection
    /// starts, those already reading finish (or meet the same throttle), and <see cref="CollectionDeferredException"/>
    /// carries the collections done so far: the caller checkpoints them and resumes after the wait.
    /// </summary>
    public async Task<IReadOnlyList<CollectionOutcome>> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrentCollections);
        var deferral = new Deferral();
        var runs = new Dictionary<string, Task<CollectionOutcome?>>(StringComparer.Ordinal);
        foreach (var reader in Readers)
        {
            var dependencies = reader.DependsOn.Select(name => runs[name]).ToList();
            runs[reader.Name] = context.Completed.TryGetValue(reader.Name, out var done) ? Task.FromResult<CollectionOutcome?>(done) : RunAsync(reader, dependencies);
        }

        var outcomes = await Task.WhenAll(runs.Values);
        if (deferral.RetryAfter is { } retryAfter)
        {
            throw new CollectionDeferredException([.. outcomes.OfType<CollectionOutcome>()], retryAfter);
        }

        return outcomes!;

        // null: deferred, because Graph throttled this collection or one it depends on, or another before it started.
        async Task<CollectionOutcome?> RunAsync(CollectionReader reader, List<Task<CollectionOutcome?>> dependencies)
        {
            var finished = await Task.WhenAll(dependencies);
            if (finished.Any(d => d is null))
            {
                return null;
            }

            var missing = finished.Where(d => !d!.IsAvailable).Select(d => d!.Name).ToList();
            if (missing.Count > 0)
            {
                return new CollectionOutcome(reader.Name, 0, $"it is read from {string.Join(", ", missing)}, which could not be collected", [], ViaDelta: false);
            }

            await slots.WaitAsync(cancellationToken);
            try
            {
                return deferral.RetryAfter is null ? await CollectOneAsync(reader, context, deferral, cancellationToken) : null;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task<CollectionOutcome?> CollectOneAsync(CollectionReader reader, ScanCollectionContext context, Deferral deferral, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                context.ResetPresence(reader.Name);
                var outcome = await reader.CollectAsync(context, cancellationToken);
                if (reader.Properties is { } properties)
                {
                    var (collectionReason, parts) = properties.Verdict(reader.Name, context.Presence(reader.Name), outcome.ViaDelta, context.PreviousUnavailable);
                    if (collectionReason is not null)
                    {
                        throw new GraphCollectionException(collectionReason);
                    }

                    if (parts.Count > 0)
                    {
                        // The reader's own reason for a part (a licence it was refused for) says more than "absent".
                        var merged = new Dictionary<string, string>(parts, StringComparer.Ordinal);
                        foreach (var (part, reason) in outcome.UnavailableParts)
                        {
                            merged[part] = reason;
                        }

                        outcome = outcome with { UnavailableParts = merged };
                    }
                }

                await context.Inventory.PublishAsync(reader.Shares, cancellationToken);
                LogCollected(reader.Name, outcome.Objects, outcome.ViaDelta);
                return notes.Count == 0 ? outcome : outcome with { Warnings = [.. notes, .. outcome.Warnings] };
            }
            catch (GraphThrottledException throttled)
            {
                // Not the data's fault: the collection is read again, whole, when the scan resumes.
                await context.Inventory.ClearAsync(reader.Shares, cancellationToken);
                deferral.Add(throttled.RetryAfter);
                var seconds = throttled.RetryAfter.TotalSeconds;
                LogDeferred(reader.Name, seconds);
                return null;
            }
            catch (Exception error) when (GraphErrors.IsExpiredPageToken(error) && attempt < MaxRestarts)
            {
                await context.Inventory.ClearAsync(reader.Shares, cancellationToken);
                notes.Add("a page token expired mid-read; the collection was read again from the start");
                LogRestarted(reader.Name);
            }
            catch (Exception error) when (GraphErrors.IsMalformedBody(error) && attempt < MaxRestarts)
            {
                // A body cut off in transit outside the paged reads (a singleton policy, a delta link): read it again.
                await context.Inventory.ClearAsync(reader.Shares, cancellationToken);
                LogRestarted(reader.Name);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && UnavailableReason(error) is { } reason)
            {
                await context.Inventory.ClearAsync(reader.Shares, cancellationToken);
                LogUnavailable(reader.Name, reason);
                return new CollectionOutcome(reader.Name, 0, reason, notes, ViaDelta: false);
            }
        }
    }

    /// <summary>The longest wait Graph asked for among the collections it throttled in this run, if any.</summary>
    private sealed class Deferral
    {
        private readonly Lock gate = new();

        public TimeSpan? RetryAfter { get; private set; }

        public void Add(TimeSpan retryAfter)
        {
            lock (gate)
            {
                RetryAfter = RetryAfter is { } longest && longest >= retryAfter ? longest : retryAfter;
            }
        }
    }

    private static string? UnavailableReason(Exception error) => error switch
    {
        GraphCollectionException collection => collection.Message,
        _ when GraphErrors.IsExpiredPageToken(error) => "page tokens kept expiring before the collection could be read",
        _ when GraphErrors.IsMalformedBody(error) => "Graph kept answering with malformed JSON, so the collection could not be read",
        ApiException { ResponseStatusCode: 503 or 504 } api => $"Graph kept answering {api.ResponseStatusCode} after every retry, so the collection could not be read",
        _ => GraphErrors.UnavailableReason(error),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Collected {Collection}: {Objects} objects (delta: {ViaDelta})")]
    private partial void LogCollected(string collection, long objects, bool viaDelta);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Collection} was throttled for {Seconds} s; the scan will checkpoint and resume")]
    private partial void LogDeferred(string collection, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarted {Collection} after an expired page token or a malformed answer")]
    private partial void LogRestarted(string collection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Collection} is unavailable: {Reason}")]
    private partial void LogUnavailable(string collection, string reason);
}

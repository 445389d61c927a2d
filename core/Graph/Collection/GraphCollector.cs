using Microsoft.Extensions.Logging;

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
        new ConditionalAccessReader(),
        new AuthorizationPolicyReader(),
        new SecurityDefaultsReader(),
        new AuthenticationMethodsPolicyReader(),
        new AdminConsentRequestPolicyReader(),
        new DefaultAppManagementPolicyReader(),
        new OrganizationReader(),
    ];

    public async Task<IReadOnlyList<CollectionOutcome>> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrentCollections);
        var runs = new Dictionary<string, Task<CollectionOutcome>>(StringComparer.Ordinal);
        foreach (var reader in Readers)
        {
            var dependencies = reader.DependsOn.Select(name => runs[name]).ToList();
            runs[reader.Name] = RunAsync(reader, dependencies);
        }

        return await Task.WhenAll(runs.Values);

        async Task<CollectionOutcome> RunAsync(CollectionReader reader, List<Task<CollectionOutcome>> dependencies)
        {
            var missing = (await Task.WhenAll(dependencies)).Where(d => !d.IsAvailable).Select(d => d.Name).ToList();
            if (missing.Count > 0)
            {
                return new CollectionOutcome(reader.Name, 0, $"it is read from {string.Join(", ", missing)}, which could not be collected", [], ViaDelta: false);
            }

            await slots.WaitAsync(cancellationToken);
            try
            {
                return await CollectOneAsync(reader, context, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task<CollectionOutcome> CollectOneAsync(CollectionReader reader, ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var outcome = await reader.CollectAsync(context, cancellationToken);
                await context.Writer.PublishAsync(reader.Shares, cancellationToken);
                LogCollected(reader.Name, outcome.Objects, outcome.ViaDelta);
                return notes.Count == 0 ? outcome : outcome with { Warnings = [.. notes, .. outcome.Warnings] };
            }
            catch (Exception error) when (GraphErrors.IsExpiredPageToken(error) && attempt < MaxRestarts)
            {
                await context.Writer.ClearAsync(reader.Shares, cancellationToken);
                notes.Add("a page token expired mid-read; the collection was read again from the start");
                LogRestarted(reader.Name);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && UnavailableReason(error) is { } reason)
            {
                await context.Writer.ClearAsync(reader.Shares, cancellationToken);
                LogUnavailable(reader.Name, reason);
                return new CollectionOutcome(reader.Name, 0, reason, notes, ViaDelta: false);
            }
        }
    }

    private static string? UnavailableReason(Exception error) => error switch
    {
        GraphCollectionException collection => collection.Message,
        _ when GraphErrors.IsExpiredPageToken(error) => "page tokens kept expiring before the collection could be read",
        _ => GraphErrors.UnavailableReason(error),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Collected {Collection}: {Objects} objects (delta: {ViaDelta})")]
    private partial void LogCollected(string collection, long objects, bool viaDelta);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarted {Collection} after an expired page token")]
    private partial void LogRestarted(string collection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Collection} is unavailable: {Reason}")]
    private partial void LogUnavailable(string collection, string reason);
}

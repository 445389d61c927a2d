using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace IdentityOps.Testing.Logging;

/// <summary>
/// What the libraries under the product write outside <c>ILogger</c>, for as long as it lives: every
/// <see cref="Activity"/> of every source (name, tags, events, status, baggage) and every event of the
/// libraries' <see cref="EventSource"/>s (Graph and Kiota, MSAL and IdentityModel, Azure SDK,
/// Npgsql, ASP.NET Core, System.Net's public sources) at Verbose. Both are process-wide, so the
/// capture also holds other tests' activity; search it only for values unique to one test.
/// <para>
/// Left out: the runtime's own sources (GC, thread pool, TPL: no payload of ours) and the framework's
/// <c>Private.InternalDiagnostics.*</c> sources, a debugging channel that prints raw HTTP messages by
/// design, is never on unless someone attaches <c>dotnet-trace</c> to it, and is no log of the product.
/// </para>
/// </summary>
public sealed class DiagnosticsCapture : IDisposable
{
    private readonly ConcurrentQueue<string> activities = new();
    private readonly ActivityListener listener;
    private readonly Listener events = new();

    public DiagnosticsCapture()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => activities.Enqueue(Describe(activity)),
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IReadOnlyList<string> Activities => [.. activities];

    public IReadOnlyList<string> Events => [.. events.Lines];

    public void Dispose()
    {
        listener.Dispose();
        events.Dispose();
    }

    private static string Describe(Activity activity)
    {
        var tags = string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"));
        var baggage = string.Join(' ', activity.Baggage.Select(b => $"{b.Key}={b.Value}"));
        var recorded = string.Join(' ', activity.Events.Select(e => $"{e.Name}({string.Join(' ', e.Tags.Select(t => $"{t.Key}={t.Value}"))})"));
        return $"activity {activity.Source.Name}/{activity.OperationName} '{activity.DisplayName}' {activity.Status} {activity.StatusDescription} [{tags}] [{baggage}] [{recorded}]";
    }

    private sealed class Listener : EventListener
    {
        private static readonly string[] RuntimeSources =
        [
            "Microsoft-Windows-DotNETRuntime", "System.Runtime", "System.Threading.Tasks.TplEventSource",
            "System.Diagnostics.Eventing.FrameworkEventSource", "Microsoft-Diagnostics-DiagnosticSource", "System.Buffers.ArrayPoolEventSource",
        ];

        // Initialised before the base constructor, which already reports the existing sources.
        public ConcurrentQueue<string> Lines { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (!RuntimeSources.Contains(eventSource.Name, StringComparer.Ordinal)
                && !eventSource.Name.StartsWith("Private.InternalDiagnostics.", StringComparison.Ordinal))
            {
                EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            var payload = eventData.Payload is null ? string.Empty : string.Join(' ', eventData.Payload.Select((value, i) => $"{eventData.PayloadNames?.ElementAtOrDefault(i)}={value}"));
            var message = eventData.Message is { } format && eventData.Payload is { } args ? SafeFormat(format, [.. args]) : eventData.Message;
            Lines.Enqueue($"event {eventData.EventSource.Name}/{eventData.EventName}: {message} [{payload}]");
        }

        private static string SafeFormat(string format, object?[] args)
        {
            try
            {
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
            }
            catch (FormatException)
            {
                return format;
            }
        }
    }
}

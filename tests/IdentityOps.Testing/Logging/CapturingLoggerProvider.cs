using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Testing.Logging;

/// <summary>
/// Keeps every log line a host writes, at every level and from every category: the formatted message,
/// every structured value, every scope's state and the whole exception (inner exceptions and their
/// <see cref="Exception.Data"/> too), as text to search for what must never be logged. Register it with
/// <see cref="AddTo"/>, which also lets it see Trace whatever the host's configured filters say.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    /// <summary>
    /// Adds this provider to a host's services with a Trace rule of its own: a rule naming a provider wins
    /// over every rule that does not, so no category filter of the host's configuration hides a line from it.
    /// </summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(filters => filters.Rules.Add(new LoggerFilterRule(typeof(CapturingLoggerProvider).FullName, categoryName: null, LogLevel.Trace, filter: null)));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    /// <summary>An exception as a log sink would keep it: type, message and stack of it and every inner exception, with their data.</summary>
    public static string Describe(Exception? error)
    {
        if (error is null)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder(error.ToString());
        for (var current = error; current is not null; current = current.InnerException)
        {
            foreach (DictionaryEntry entry in current.Data)
            {
                text.Append(" data ").Append(entry.Key).Append('=').Append(entry.Value);
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Skip(1))
                {
                    text.Append(" inner ").Append(Describe(inner));
                }
            }
        }

        return text.ToString();
    }

    private static string Values(object? state)
        => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(' ', pairs.Select(p => $"{p.Key}={Value(p.Value)}"))
            : string.Empty;

    private static string? Value(object? value)
        => value is IEnumerable items and not string ? string.Join(',', items.Cast<object?>()) : value?.ToString();

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"scope {category}: {state} {{{Values(state)}}}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => lines.Enqueue($"{logLevel} {category}[{eventId}]: {formatter(state, exception)} {{{Values(state)}}} {Describe(exception)}");
    }
}

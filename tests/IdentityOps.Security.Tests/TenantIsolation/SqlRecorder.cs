using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>One statement the app sent: its SQL text, its parameter values (EF commands only) and the rows PostgreSQL returned or touched.</summary>
public sealed record RecordedStatement(string Sql, IReadOnlyList<string> Parameters, long Rows);

/// <summary>
/// Every statement the app sends to one database while recording: the text and row count from
/// Npgsql's own tracing (it sees EF and raw ADO.NET commands alike; filtered by database, because
/// other test classes run their own databases in this process at the same time), and the parameter
/// values from an EF interceptor registered in the app under test.
/// </summary>
public sealed class SqlRecorder : DbCommandInterceptor, IDisposable
{
    private readonly string databaseName;
    private readonly ActivityListener listener;
    private readonly Lock gate = new();
    private readonly List<(string Sql, long Rows)> statements = [];
    private readonly List<EfCommand> commands = [];
    private bool recording;

    public SqlRecorder(string databaseName)
    {
        this.databaseName = databaseName;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Runs <paramref name="request"/> and returns the statements it caused, in order.</summary>
    public async Task<(T Result, IReadOnlyList<RecordedStatement> Statements)> RecordAsync<T>(Func<Task<T>> request)
    {
        lock (gate)
        {
            statements.Clear();
            commands.Clear();
            recording = true;
        }

        try
        {
            var result = await request();
            lock (gate)
            {
                recording = false;
                return (result, Join());
            }
        }
        finally
        {
            lock (gate)
            {
                recording = false;
            }
        }
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// Npgsql traces no row count for a reader, so it is taken here: zero when the result had no row
    /// at all, otherwise the number of reads EF made (which counts the final read that found no more).
    /// </summary>
    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Counted(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Counted(command, eventData);
        return ValueTask.FromResult(result);
    }

    public void Dispose() => listener.Dispose();

    private void Note(DbCommand command)
    {
        lock (gate)
        {
            if (!recording)
            {
                return;
            }

            commands.Add(new EfCommand(command, command.CommandText, command.Parameters.Cast<DbParameter>()
                .Select(p => $"{p.ParameterName}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}").ToList()));
        }
    }

    private void Counted(DbCommand command, DataReaderClosingEventData eventData)
    {
        lock (gate)
        {
            if (recording && commands.LastOrDefault(c => ReferenceEquals(c.Command, command) && c.Rows is null) is { } entry)
            {
                entry.Rows = eventData.DataReader.HasRows ? eventData.ReadCount : 0;
            }
        }
    }

    private void Stopped(Activity activity)
    {
        if (activity.GetTagItem("db.namespace") as string != databaseName || activity.GetTagItem("db.query.text") is not string sql)
        {
            return;
        }

        var rows = activity.GetTagItem("db.npgsql.rows") is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : -1;
        lock (gate)
        {
            if (recording)
            {
                statements.Add((sql, rows));
            }
        }
    }

    /// <summary>Each traced statement with the parameters of the EF command of the same text, taken in order.</summary>
    private List<RecordedStatement> Join()
    {
        var pending = commands.ToList();
        var joined = new List<RecordedStatement>();
        foreach (var (sql, traced) in statements)
        {
            var rows = traced;
            var match = pending.FindIndex(c => c.Sql == sql);
            IReadOnlyList<string> parameters = [];
            if (match >= 0)
            {
                parameters = pending[match].Parameters;
                rows = pending[match].Rows ?? rows;
                pending.RemoveAt(match);
            }

            joined.Add(new RecordedStatement(sql, parameters, rows));
        }

        return joined;
    }

    private sealed class EfCommand(DbCommand command, string sql, IReadOnlyList<string> parameters)
    {
        public DbCommand Command { get; } = command;

        public string Sql { get; } = sql;

        public IReadOnlyList<string> Parameters { get; } = parameters;

        public long? Rows { get; set; }
    }
}

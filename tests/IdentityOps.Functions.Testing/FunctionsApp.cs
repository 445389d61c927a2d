using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Tenancy;
using IdentityOps.Emulator;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Extensions;
using IdentityOps.Functions.Scans;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using IdentityOps.Testing.Identity;
using IdentityOps.Testing.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NSubstitute;
using Xunit;

namespace IdentityOps.Functions.Testing;

/// <summary>
/// The worker as the Functions host would run it, minus the host: the real composition root
/// (<see cref="Extensions.AddApplicationServices"/>) over a migrated PostgreSQL database, the local
/// Entra provider, Azurite, a key ring and key-encryption certificate made for this class, and the
/// Graph emulator serving the sample tenant. HTTP functions are called with real requests; queue
/// functions are fed from Azurite by <see cref="DeliverNextAsync"/>, which plays the host's part
/// (delivery count, retry, poison queue).
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime
{
    public const int MaxDequeueCount = 5;

    private readonly string workspace = Directory.CreateTempSubdirectory("functions-app-").FullName;

    public TenantDatabase Database { get; } = new();

    public LocalEntra Entra { get; private set; } = null!;

    public Azurite Azurite { get; private set; } = null!;

    public IHost Host { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public GraphEmulator Emulator { get; } = new(EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()), new GraphEmulatorOptions { ThrottleSpeedFactor = 1000 }, TimeProvider.System);

    /// <summary>Every Authorization header the Graph transport saw.</summary>
    public List<string> GraphAuthorizations { get; } = [];

    /// <summary>Wraps the emulator for the current test (a 403 or 503 Graph); reset by <see cref="Reset"/>.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler> GraphFault { get; set; } = emulator => emulator;

    public string KeyRingPath => Path.Combine(workspace, "keys");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Entra = await LocalEntra.StartAsync();
        Azurite = await Azurite.StartAsync();
        Host = Build(Configuration());
    }

    public async Task DisposeAsync()
    {
        Host.Dispose();
        await Azurite.DisposeAsync();
        await Entra.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(workspace, recursive: true);
    }

    /// <summary>Between tests: Graph answers normally again, its log is empty, and no job of an earlier test waits in the queues.</summary>
    public void Reset()
    {
        foreach (var name in new[] { ScanJobOptions.QueueName, ScanJobOptions.PoisonQueueName })
        {
            var queue = Queue(name);
            if (queue.Exists())
            {
                queue.ClearMessages();
            }
        }

        GraphFault = emulator => emulator;
        Emulator.Log.Clear();
        lock (GraphAuthorizations)
        {
            GraphAuthorizations.Clear();
        }
    }

    /// <summary>The configuration the tests run the worker with; a test may build another host from a changed copy.</summary>
    public Dictionary<string, string?> Configuration()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Database:ApplicationConnectionString"] = Database.Provisioned.ApplicationConnectionString,
            ["Database:PurgeConnectionString"] = Database.Provisioned.PurgeConnectionString,
            ["Database:SchedulerConnectionString"] = Database.Provisioned.SchedulerConnectionString,
            ["AzureAd:Instance"] = Entra.Address.ToString(),
            ["AzureAd:TenantId"] = "organizations",
            ["AzureAd:ClientId"] = LocalEntra.ApiClientId,
            ["AzureAd:ClientSecret"] = LocalEntra.ApiClientSecret,
            ["Api:RequiredScope"] = LocalEntra.ApiScope,
            ["Api:AllowedClientIds:0"] = LocalEntra.ApiCallerClientId,
            // The worker anchors audit heads: its signing key lives apart from the key ring (created on first use).
            ["AuditAnchors:SigningKeyFile"] = Path.Combine(workspace, "audit-keys", "audit-head-signing.pem"),
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Alerts:PublicBaseUrl"] = "https://identityops.test",
            ["Alerts:FromAddress"] = "alerts@identityops.test",
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = "25",
            ["Alerts:Smtp:Security"] = "None",
        };
        foreach (var (name, value) in TestKeyRing.Configuration(workspace))
        {
            configuration[name] = value;
        }

        return configuration;
    }

    public IHost Build(IReadOnlyDictionary<string, string?> configuration, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Information);
        builder.Logging.AddProvider(Logs);
        builder.AddApplicationServices();

        // Test boundaries: Graph is the emulator; Entra (metadata, keys, token endpoint, instance discovery) is the local provider.
        builder.Services.AddSingleton(new GraphTransport(() => new RecordingTransport(this)));
        builder.Services.AddSingleton(new GraphRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) });
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(Entra.CreateHandler));
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt => jwt.BackchannelHttpHandler = Entra.CreateHandler());
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Findings <c>APP-000</c>… of one scan, scored 0, 1, …: the API lists them highest score first.</summary>
    public static IEnumerable<Finding> NumberedFindings(Guid tenantId, Guid scanId, int count)
        => Enumerable.Range(0, count).Select(i => new Finding
        {
            TenantId = tenantId,
            ScanId = scanId,
            Id = Guid.NewGuid(),
            RuleId = $"APP-00{i}",
            Severity = "High",
            Category = "Applications",
            ObjectType = "application",
            ObjectId = $"object-{i}",
            Evidence = $$"""{"score":{{i}}}""",
            Explanation = $"explanation {i}",
            Remediation = $"remediation {i}",
            Score = i,
        });

    /// <summary>An onboarded tenant with an admin and a reader on its team.</summary>
    public Task<TestTenant> AddTenantAsync() => TestTenant.AddAsync(Database);

    /// <summary>A scan of the tenant, read as the application role.</summary>
    public async Task<Scan> ScanAsync(TestTenant tenant, Guid scanId)
    {
        await using var db = Database.CreateApplicationContext(tenant.Id);
        return await db.InTenantTransactionAsync(ct => db.Scans.AsNoTracking().SingleAsync(s => s.Id == scanId, ct), CancellationToken.None);
    }

    /// <summary>Starts a scan through the API as the tenant's admin and returns its id.</summary>
    public async Task<Guid> StartScanAsync(TestTenant tenant)
    {
        var started = await CallAsync<StartScanFunction>(AdminToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", "/api/scans");
        Assert.True(started.Status == 202, $"start answered {started.Status}: {started.Body}");
        return System.Text.Json.JsonDocument.Parse(started.Body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Delivers every queued job (none may throw: the failure is the scan's, not the delivery's) and returns the scan's error; the scan must have failed.</summary>
    public async Task<string> DrainToFailedScanAsync(TestTenant tenant, Guid scanId)
    {
        var deliveries = await DrainAsync();

        Assert.All(deliveries, d => Assert.Null(d.Error));
        var scan = await ScanAsync(tenant, scanId);
        Assert.Equal(ScanStatus.Failed, scan.Status);
        return scan.Error!;
    }

    public async Task<long> SuperuserScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.SuperuserConnectionString);
        return Convert.ToInt64(await SchemaCatalog.ScalarAsync<object>(connection, sql, parameters), System.Globalization.CultureInfo.InvariantCulture);
    }

    public string AdminToken(TestTenant tenant) => Entra.IssueApiToken(tenant.Id, tenant.AdminId);

    public string ReaderToken(TestTenant tenant) => Entra.IssueApiToken(tenant.Id, tenant.ReaderId);

    /// <summary>Calls an HTTP function as the Functions host would: a request with the bearer token, the function from the invocation's scope, the result executed into a response.</summary>
    public async Task<ApiResponse> CallAsync<TFunction>(
        string? token,
        Func<TFunction, HttpRequest, Task<IActionResult>> invoke,
        string method = "GET",
        string path = "/api",
        string? query = null,
        string? json = null,
        IHost? host = null)
        where TFunction : class
    {
        using var scope = (host ?? Host).Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("identityops.test");
        context.Request.Path = path;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (token is not null)
        {
            context.Request.Headers.Authorization = $"Bearer {token}";
        }

        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        var function = ActivatorUtilities.CreateInstance<TFunction>(scope.ServiceProvider);
        var result = await invoke(function, context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return new ApiResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.WWWAuthenticate.ToString(), Encoding.UTF8.GetString(body.ToArray()))
        {
            CacheControl = context.Response.Headers.CacheControl.ToString(),
        };
    }

    public QueueClient Queue(string name) => new(Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>
    /// Plays the Functions host's queue extension for one message: receives it, runs the function with
    /// the delivery count in its binding data, deletes it on success; on failure makes it visible again,
    /// or after <see cref="MaxDequeueCount"/> deliveries moves it to <c>&lt;queue&gt;-poison</c>.
    /// </summary>
    public async Task<Delivery?> DeliverNextAsync(string queueName, IHost? host = null)
    {
        var queue = Queue(queueName);
        await queue.CreateIfNotExistsAsync();
        QueueMessage? message = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(5))).Value;
        if (message is null)
        {
            return null;
        }

        var context = QueueContext((int)message.DequeueCount);

        using var scope = (host ?? Host).Services.CreateScope();
        try
        {
            if (queueName == ScanJobOptions.QueueName)
            {
                await ActivatorUtilities.CreateInstance<ScanJobFunction>(scope.ServiceProvider).RunAsync(message.MessageText, context, CancellationToken.None);
            }
            else
            {
                await ActivatorUtilities.CreateInstance<ScanJobPoisonFunction>(scope.ServiceProvider).RunAsync(message.MessageText, CancellationToken.None);
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            return new Delivery(message.MessageText, (int)message.DequeueCount, null);
        }
        catch (Exception error)
        {
            if (message.DequeueCount >= MaxDequeueCount)
            {
                var poison = Queue(queueName + "-poison");
                await poison.CreateIfNotExistsAsync();
                await poison.SendMessageAsync(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }

            return new Delivery(message.MessageText, (int)message.DequeueCount, error);
        }
    }

    /// <summary>The function context the queue extension gives a delivery: its dequeue count in the binding data.</summary>
    public static FunctionContext QueueContext(int dequeueCount)
    {
        var context = Substitute.For<FunctionContext>();
        var binding = Substitute.For<BindingContext>();
        binding.BindingData.Returns(new Dictionary<string, object?> { ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        context.BindingContext.Returns(binding);
        return context;
    }

    /// <summary>Delivers until the job queue and its poison queue are empty (bounded).</summary>
    public async Task<IReadOnlyList<Delivery>> DrainAsync(IHost? host = null)
    {
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 50; i++)
        {
            var next = await DeliverNextAsync(ScanJobOptions.QueueName, host) ?? await DeliverNextAsync(ScanJobOptions.PoisonQueueName, host);
            if (next is null)
            {
                return deliveries;
            }

            deliveries.Add(next);
        }

        throw new InvalidOperationException("The queues did not drain within 50 deliveries.");
    }

    private sealed class RecordingTransport(FunctionsApp app) : DelegatingHandler(app.GraphFault(new NonDisposingHandler(app.Emulator)))
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (app.GraphAuthorizations)
            {
                app.GraphAuthorizations.Add(request.Headers.Authorization?.ToString() ?? string.Empty);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The emulator outlives each scan's Graph client, which disposes its handler chain.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => invoker.SendAsync(request, cancellationToken);
    }
}


public sealed record ApiResponse(int Status, string? ContentType, string WwwAuthenticate, string Body)
{
    public string CacheControl { get; init; } = string.Empty;
}

public sealed record Delivery(string Message, int DequeueCount, Exception? Error);

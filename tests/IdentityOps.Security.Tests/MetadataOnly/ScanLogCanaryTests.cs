using System.Net;
using System.Text;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Trust;
using IdentityOps.Emulator;
using IdentityOps.Functions.Extensions;
using IdentityOps.Functions.Scans;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using IdentityOps.Testing.Identity;
using IdentityOps.Testing.Logging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NSubstitute;
using Npgsql;

namespace IdentityOps.Security.Tests.MetadataOnly;

/// <summary>
/// The log canary attack on the scan worker: the Functions host's own composition root runs a full
/// scan job of the sample tenant through the real Graph client and the emulator, with a unique
/// JWT-shaped bearer token handed to Graph, secret text, hints, key material, a user password, sign-in
/// addresses and user agents planted in Graph's answers, the session key, the client secret and the
/// database password in its inputs, and faults (429 with Retry-After, 503, malformed pages, a 403 whose
/// Graph message echoes the token and the secret). Every log line at Trace from every category (with
/// scopes and exceptions), every Activity and library EventSource event, the thrown exception and
/// everything the database keeps (failure reasons included) is searched: none holds a canary in any form.
/// </summary>
[Trait("Claim", TrustClaimIds.MetadataOnly)]
[Trait("Claim", TrustClaimIds.TokensEncrypted)]
public sealed class ScanLogCanaryTests(TenantDatabase database) : IClassFixture<TenantDatabase>, IDisposable
{
    private static readonly FaultKind[] Faults =
    [
        FaultKind.TooManyRequestsWithRetryAfter, FaultKind.TooManyRequestsFractionalRetryAfter, FaultKind.ServiceUnavailable, FaultKind.TruncatedBody,
    ];

    private readonly string workspace = Directory.CreateTempSubdirectory("scan-log-canary-").FullName;

    public void Dispose() => Directory.Delete(workspace, recursive: true);

    [Fact]
    public async Task A_full_scan_under_faults_logs_no_token_secret_password_or_network_trace_anywhere()
    {
        using var diagnostics = new DiagnosticsCapture();
        var canaries = new Canaries();
        var sample = CanaryTenant.Create(canaries);
        var worker = new Worker(database, workspace, canaries, sample, new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, Faults = new FaultPlan(2026, 0.2, Faults) })
        {
            // Conditional access answers 403 with a Graph message that echoes the token and a secret (a collection the scan reports unavailable).
            Refuse = uri => uri.AbsolutePath.Contains("/identity/conditionalAccess/", StringComparison.Ordinal),
        };

        var (scanId, thrown) = await worker.RunJobAsync(delivery: 1);

        Assert.Null(thrown);
        var scan = await worker.ScanAsync(scanId);
        Assert.True(scan.Status == ScanStatus.Succeeded, scan.Error);

        // The canaries were in play: planted, sent to Graph as the bearer token, served in Graph's answers.
        Assert.True(sample.Planted is { PasswordCredentials: > 0, KeyCredentials: > 0, Users: > 0, SignIns: > 0 }, "the sample tenant carries no canary");
        Assert.NotEmpty(worker.Authorizations);
        Assert.All(worker.Authorizations, header => Assert.Equal($"Bearer {worker.Token}", header));
        Assert.True(worker.AnswersWithSecret > 0, "no Graph answer carried the planted secret text");
        Assert.True(worker.Emulator.Log.Requests.Any(r => r.Status is 429 or 503), "the fault plan injected no 429 or 503");
        Assert.True(worker.Refused > 0, "the refusing transport answered nothing");

        // The capture is not empty and holds the lines a scan writes, its error paths included.
        var logs = worker.Logs.Lines;
        Assert.Contains(logs, l => l.Contains("Collected applications", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("is unavailable: Graph refused access (403", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("finished: Succeeded", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.StartsWith("Debug Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.NotEmpty(diagnostics.Activities);

        AssertNoCanary(canaries, logs, diagnostics, thrown, await DatabaseDump.ReadAllAsync(database));
    }

    [Fact]
    public async Task A_scan_that_cannot_start_fails_without_a_token_or_secret_in_its_logs_exception_or_stored_reason()
    {
        using var diagnostics = new DiagnosticsCapture();
        var canaries = new Canaries();
        var sample = CanaryTenant.Create(canaries);
        var worker = new Worker(database, workspace, canaries, sample, new GraphEmulatorOptions { ThrottleSpeedFactor = 1000 })
        {
            // Every request: 503 with Graph's message echoing the token and a secret, past the retry budget.
            Refuse = _ => true,
            RefusalStatus = HttpStatusCode.ServiceUnavailable,
        };

        // The last delivery: the worker records the reason on the scan, then throws for the poison queue.
        var (scanId, thrown) = await worker.RunJobAsync(delivery: 5);

        Assert.NotNull(thrown);
        var scan = await worker.ScanAsync(scanId);
        Assert.Equal(ScanStatus.Failed, scan.Status);
        Assert.StartsWith("The scan could not start after 5 attempts: Microsoft Graph answered 503", scan.Error, StringComparison.Ordinal);
        Assert.All(worker.Authorizations, header => Assert.Equal($"Bearer {worker.Token}", header));
        Assert.True(worker.Refused > 1, "Graph was not retried");
        Assert.Contains(worker.Logs.Lines, l => l.Contains("failed before collection", StringComparison.Ordinal));

        AssertNoCanary(canaries, worker.Logs.Lines, diagnostics, thrown, scan.Error!, await DatabaseDump.ReadAllAsync(database));
    }

    private static void AssertNoCanary(Canaries canaries, IReadOnlyList<string> logs, DiagnosticsCapture diagnostics, Exception? thrown, params string[] stored)
    {
        Assert.True(canaries.Names.Count >= 12, "the canaries were not planted");
        var texts = logs.Concat(diagnostics.Activities).Concat(diagnostics.Events).Append(CapturingLoggerProvider.Describe(thrown)).Concat(stored);
        var found = canaries.FindIn(texts);
        Assert.True(found.Count == 0, $"{found.Count} canary sightings:\n{string.Join('\n', found.Take(20))}");
    }

    /// <summary>
    /// The scan worker as the Functions host composes it (<see cref="Extensions.AddApplicationServices"/>), with the
    /// capture as its only logger; the test boundaries are the token source (the canary token), Graph (the emulator,
    /// behind a transport that records what is sent and can refuse) and the job queue (a recorder).
    /// </summary>
    private sealed class Worker
    {
        private readonly TenantDatabase database;
        private readonly CanaryTenantFiles sample;
        private readonly IHost host;
        private readonly List<string> authorizations = [];
        private int answersWithSecret;
        private int refused;

        public Worker(TenantDatabase database, string workspace, Canaries canaries, CanaryTenantFiles sample, GraphEmulatorOptions options)
        {
            this.database = database;
            this.sample = sample;
            TenantId = Guid.NewGuid();
            Token = canaries.Add("Graph bearer token", Canaries.Jwt(TenantId));
            SessionKey = canaries.Add("session key", DelegatedSessionKey.New(TenantId));
            canaries.Add("database password", new NpgsqlConnectionStringBuilder(database.Provisioned.ApplicationConnectionString).Password!);
            canaries.Add("key ring certificate password", TestKeyRing.CertificatePassword);
            Emulator = new GraphEmulator(EmulatedTenant.FromSnapshotFiles(sample.Files), options, TimeProvider.System);
            Echo = $"Access denied for token {Token} presented with secret {sample.SecretText}";

            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(Configuration(database, workspace, canaries));
            builder.Logging.ClearProviders();
            Logs.AddTo(builder.Services);
            builder.AddApplicationServices();
            builder.Services.RemoveAll<IDelegatedGraphTokens>();
            builder.Services.AddSingleton<IDelegatedGraphTokens>(new StaticTokens(Token));
            builder.Services.AddSingleton(new GraphTransport(() => new Transport(this)));
            builder.Services.AddSingleton(new GraphRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) });
            builder.Services.RemoveAll<IScanJobSender>();
            builder.Services.AddSingleton(Substitute.For<IScanJobSender>());
            host = builder.Build();
        }

        public Guid TenantId { get; }

        public string Token { get; }

        public string SessionKey { get; }

        public CapturingLoggerProvider Logs { get; } = new();

        public GraphEmulator Emulator { get; }

        public Func<Uri, bool> Refuse { get; init; } = _ => false;

        public HttpStatusCode RefusalStatus { get; init; } = HttpStatusCode.Forbidden;

        public IReadOnlyList<string> Authorizations
        {
            get
            {
                lock (authorizations)
                {
                    return [.. authorizations];
                }
            }
        }

        public int AnswersWithSecret => answersWithSecret;

        public int Refused => refused;

        private string Echo { get; }

        /// <summary>Queues a scan of the tenant and delivers its job to the worker's function, as the queue trigger would.</summary>
        public async Task<(Guid ScanId, Exception? Thrown)> RunJobAsync(int delivery)
        {
            var scanId = await new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(sample.Files)) { TenantId = TenantId }.QueueScanAsync(sample.AsOf);
            var context = Substitute.For<FunctionContext>();
            var binding = Substitute.For<BindingContext>();
            binding.BindingData.Returns(new Dictionary<string, object?> { ["DequeueCount"] = delivery.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            context.BindingContext.Returns(binding);

            using var scope = host.Services.CreateScope();
            try
            {
                var sealedSession = host.Services.GetRequiredService<ScanJobSessionSeal>().Seal(TenantId, scanId, (await ScanAsync(scanId)).RequestedBy, SessionKey);
                await ActivatorUtilities.CreateInstance<ScanJobFunction>(scope.ServiceProvider).RunAsync(new ScanJob(TenantId, scanId, sealedSession).ToJson(), context, CancellationToken.None);
                return (scanId, null);
            }
            catch (Exception error)
            {
                return (scanId, error);
            }
        }

        public async Task<Scan> ScanAsync(Guid scanId)
        {
            await using var db = database.CreateApplicationContext(TenantId);
            return await db.InTenantTransactionAsync(ct => db.Scans.AsNoTracking().SingleAsync(s => s.Id == scanId, ct), CancellationToken.None);
        }

        private static Dictionary<string, string?> Configuration(TenantDatabase database, string workspace, Canaries canaries)
        {
            var configuration = new Dictionary<string, string?>
            {
                ["Database:ApplicationConnectionString"] = database.Provisioned.ApplicationConnectionString,
                ["Database:PurgeConnectionString"] = database.Provisioned.PurgeConnectionString,
                ["Database:SchedulerConnectionString"] = database.Provisioned.SchedulerConnectionString,
                ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
                ["AzureAd:TenantId"] = "organizations",
                ["AzureAd:ClientId"] = LocalEntra.ApiClientId,
                ["AzureAd:ClientSecret"] = canaries.Add("AzureAd client secret", Canaries.Marker("AAD-CLIENT-SECRET")),
                ["Api:RequiredScope"] = LocalEntra.ApiScope,
                ["Api:AllowedClientIds:0"] = LocalEntra.ApiCallerClientId,
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
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

        private sealed class StaticTokens(string token) : IDelegatedGraphTokens
        {
            public Task<string> GetAccessTokenAsync(Guid tenantId, string sessionKey, CancellationToken cancellationToken) => Task.FromResult(token);
        }

        /// <summary>Records the Authorization header of every request, counts answers that carry the planted secret, refuses what the test says.</summary>
        private sealed class Transport(Worker worker) : HttpMessageHandler
        {
            // The emulator outlives each scan's Graph client, which disposes its handler chain.
            private readonly HttpMessageInvoker emulator = new(worker.Emulator, disposeHandler: false);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                lock (worker.authorizations)
                {
                    worker.authorizations.Add(request.Headers.Authorization?.ToString() ?? string.Empty);
                }

                if (worker.Refuse(request.RequestUri!))
                {
                    Interlocked.Increment(ref worker.refused);
                    var body = $"{{\"error\":{{\"code\":\"Authorization_RequestDenied\",\"message\":\"{worker.Echo}\"}}}}";
                    return new HttpResponseMessage(worker.RefusalStatus) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
                }

                var response = await emulator.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                if ((await response.Content.ReadAsStringAsync(cancellationToken)).Contains(worker.sample.SecretText, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref worker.answersWithSecret);
                }

                return response;
            }
        }
    }
}

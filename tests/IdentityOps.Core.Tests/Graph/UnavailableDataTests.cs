using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>What Graph cannot give, and what it gives badly: the scan goes on, and says so.</summary>
public sealed class UnavailableDataTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Without_a_licence_sign_in_logs_are_unavailable_with_the_reason_and_users_are_read_without_sign_in_activity()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => new FailingTransport(
                emulator,
                uri => uri.AbsolutePath.Contains("auditLogs", StringComparison.Ordinal) || Uri.UnescapeDataString(uri.Query).Contains("signInActivity", StringComparison.Ordinal),
                System.Net.HttpStatusCode.Forbidden,
                "Authentication_RequestFromNonPremiumTenantOrB2CTenant"),
        };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var signIns = Assert.Single(result.Collections, c => c.Name == "legacySignIns");
        Assert.False(signIns.IsAvailable);
        Assert.Contains("no Microsoft Entra ID P1 or P2 licence", signIns.UnavailableReason, StringComparison.Ordinal);

        var users = Assert.Single(result.Collections, c => c.Name == "users");
        Assert.True(users.IsAvailable);
        Assert.Equal(2, users.Objects);
        Assert.Contains(users.Warnings, w => w.StartsWith("last sign-in times are unavailable", StringComparison.Ordinal));

        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                Assert.All(await db.Users.Where(u => u.ScanId == result.ScanId).ToListAsync(ct), u => Assert.Null(u.LastSignInAt));
                Assert.Empty(await db.SignInDailySummaries.Where(s => s.ScanId == result.ScanId).ToListAsync(ct));
                var scan = await db.Scans.SingleAsync(s => s.Id == result.ScanId, ct);
                Assert.Contains("unavailable: the tenant has no Microsoft Entra ID P1", scan.Warnings, StringComparison.Ordinal);
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task A_scope_not_consented_makes_that_collection_unavailable_and_the_rest_is_stored()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => new FailingTransport(emulator, uri => uri.AbsolutePath.Contains("conditionalAccess", StringComparison.Ordinal), System.Net.HttpStatusCode.Forbidden, "Authorization_RequestDenied"),
        };

        var result = await harness.ScanAsync();

        Assert.Equal(ScanStatus.Succeeded, result.Status);
        var policies = Assert.Single(result.Collections, c => c.Name == "conditionalAccessPolicies");
        Assert.Contains("403 Authorization_RequestDenied", policies.UnavailableReason, StringComparison.Ordinal);
        Assert.All(result.Collections.Where(c => c.Name != "conditionalAccessPolicies"), c => Assert.True(c.IsAvailable, c.Name));
    }

    [Fact]
    public async Task A_policy_singleton_the_snapshot_lacks_answers_404_and_only_that_collection_is_unavailable()
    {
        var files = SampleSnapshot.Files();
        Assert.True(files.Remove("policies/authenticationMethodsPolicy.json"));
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files)) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var methods = Assert.Single(result.Collections, c => c.Name == "authenticationMethodsPolicy");
        Assert.StartsWith("the endpoint is not available in this tenant (404", methods.UnavailableReason, StringComparison.Ordinal);
        Assert.All(result.Collections.Where(c => c.Name != "authenticationMethodsPolicy"), c => Assert.True(c.IsAvailable, c.Name));
    }

    [Fact]
    public async Task An_expired_page_token_restarts_the_users_read_with_sign_in_activity_not_a_fallback_without_it()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files(extraUsers: 600)))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => new FailingTransport(
                emulator,
                uri => uri.AbsolutePath.EndsWith("/users", StringComparison.Ordinal) && uri.Query.Contains("skiptoken", StringComparison.OrdinalIgnoreCase),
                System.Net.HttpStatusCode.BadRequest,
                "Directory_ExpiredPageToken",
                times: 1),
        };

        var result = await harness.ScanAsync();

        var users = Assert.Single(result.Collections, c => c.Name == "users");
        Assert.True(users.IsAvailable, users.UnavailableReason);
        Assert.Equal(602, users.Objects);
        Assert.Contains(users.Warnings, w => w.Contains("page token expired", StringComparison.Ordinal));
        Assert.DoesNotContain(users.Warnings, w => w.Contains("last sign-in times are unavailable", StringComparison.Ordinal));
        await using var db = database.CreateApplicationContext(harness.TenantId);
        var withoutSignIn = await db.InTenantTransactionAsync(ct => db.Users.CountAsync(u => u.ScanId == result.ScanId && u.LastSignInAt == null, ct), CancellationToken.None);
        Assert.Equal(0, withoutSignIn);
    }

    [Fact]
    public async Task Bad_objects_are_skipped_and_counted_and_good_ones_are_kept()
    {
        var files = SampleSnapshot.Files();
        var apps = (JsonArray)files["applications.json"]["value"]!;
        apps.Add(apps[0]!.DeepClone());                                                  // duplicate id
        apps.Add(JsonNode.Parse("""{"id":null,"appId":"x","displayName":null}"""));     // no id
        apps.Add(JsonNode.Parse("""{"id":"not-a-guid","appId":"also-not"}"""));
        apps.Add(JsonNode.Parse($$"""{"id":"{{Guid.NewGuid()}}","appId":"{{Guid.NewGuid()}}","displayName":null,"web":null,"passwordCredentials":null,"keyCredentials":[{"keyId":null}]}"""));
        ((JsonArray)files["identity/conditionalAccess/policies.json"]["value"]!).Add(JsonNode.Parse("""{"id":"ca-new","displayName":"From the future","state":"somethingGraphAddedLater","conditions":null}"""));
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files)) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var applications = Assert.Single(result.Collections, c => c.Name == "applications");
        Assert.Equal(2, applications.Objects);
        Assert.Contains("skipped 1 object(s): an application listed twice (duplicate id)", applications.Warnings);
        Assert.Contains("skipped 2 object(s): an application without a valid id or appId", applications.Warnings);
        Assert.Equal(2, Assert.Single(result.Collections, c => c.Name == "conditionalAccessPolicies").Objects);
    }

    [Fact]
    public async Task Nothing_secret_reaches_the_logs_of_a_scan()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()), logging: factory) { TenantId = Guid.NewGuid() };

        await harness.ScanAsync();

        Assert.NotEmpty(logs.Lines);
        Assert.All(SampleSnapshot.Canaries.Append(SampleSnapshot.HintCanary), canary => Assert.DoesNotContain(logs.Lines, line => line.Contains(canary, StringComparison.Ordinal)));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(this);

        public void Dispose()
        {
        }

        private sealed class Capturing(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Lines.Enqueue($"{formatter(state, exception)} {exception}");
        }
    }
}

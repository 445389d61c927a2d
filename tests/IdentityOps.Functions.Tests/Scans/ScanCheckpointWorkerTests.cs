using Azure.Storage.Queues.Models;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Functions.Scans;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace IdentityOps.Functions.Tests.Scans;

/// <summary>
/// Security-pitfalls 12 and issue 9 for the worker: a long Graph 429 does not hold the queue message (the scan
/// checkpoints and the job comes back after Graph's Retry-After, reading only what is left), and a worker killed
/// mid-scan leaves a message whose redelivery completes the scan once.
/// </summary>
public sealed class ScanCheckpointWorkerTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    private static bool IsConditionalAccess(Uri uri) => uri.AbsolutePath.EndsWith("/conditionalAccess/policies", StringComparison.Ordinal);

    [Fact]
    public async Task A_retry_after_beyond_the_threshold_re_enqueues_the_job_with_that_delay_and_keeps_the_session()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var message = await TakeAsync();
        var job = ScanJob.Parse(message.MessageText)!;
        var sender = Substitute.For<IScanJobSender>();
        using var host = app.Build(app.Configuration(), services => services.AddSingleton(sender));
        app.GraphFault = emulator => new ThrottlingTransport(emulator, IsConditionalAccess, "120");

        var outcome = await ProcessAsync(host, job);

        Assert.Equal(ScanJobOutcome.Deferred, outcome);
        await sender.Received(1).SendAsync(
            Arg.Is<ScanJob>(sent => sent.ScanId == job.ScanId && sent.TenantId == job.TenantId && sent.SealedSession == job.SealedSession && sent.Resume == 1),
            Arg.Is<TimeSpan>(delay => delay > TimeSpan.FromSeconds(100) && delay <= TimeSpan.FromSeconds(120)),
            Arg.Any<CancellationToken>());
        var scan = await app.ScanAsync(tenant, scanId);
        Assert.Equal(ScanStatus.Running, scan.Status);
        Assert.Equal(1, ScanCheckpoint.Parse(scan.Checkpoint)!.Generation);
        Assert.Equal(2, await CountAsync("users", tenant.Id, scanId));
        Assert.True(await app.SuperuserScalarAsync("SELECT count(*) FROM token_cache_entries WHERE tenant_id = @t", ("t", tenant.Id)) > 0, "the session ended, so the resumed job could not read Graph");

        // The original message delivered again (the host retried it): a newer job carries the scan, this one does nothing.
        app.Emulator.Log.Clear();
        Assert.Equal(ScanJobOutcome.Superseded, await ProcessAsync(host, job));
        Assert.Empty(app.Emulator.Log.Requests);
        Assert.Single(sender.ReceivedCalls());
    }

    [Fact]
    public async Task A_job_that_cannot_be_re_enqueued_commits_no_checkpoint_and_is_retried_by_the_host()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var job = ScanJob.Parse((await TakeAsync()).MessageText)!;
        var sender = Substitute.For<IScanJobSender>();
        sender.SendAsync(Arg.Any<ScanJob>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("queue refused"));
        using var host = app.Build(app.Configuration(), services => services.AddSingleton(sender));
        app.GraphFault = emulator => new ThrottlingTransport(emulator, IsConditionalAccess, "120");

        await Assert.ThrowsAsync<ScanResumeNotQueuedException>(() => ProcessAsync(host, job));

        var scan = await app.ScanAsync(tenant, scanId);
        Assert.Equal((ScanStatus.Running, null), (scan.Status, scan.Checkpoint));
        Assert.Equal(0, await CountAsync("users", tenant.Id, scanId));
    }

    [Fact]
    public async Task Throttled_past_the_retry_budget_the_job_comes_back_after_the_retry_after_resumes_and_completes_once()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var auditRows = await app.SuperuserScalarAsync("SELECT count(*) FROM audit_events WHERE tenant_id = @t", ("t", tenant.Id));
        var original = (await app.Queue(ScanJobOptions.QueueName).PeekMessageAsync()).Value.MessageText;
        var deliveries = 0;

        // The test host retries once: two 429s of 3 s exhaust its budget, the first delivery only.
        app.GraphFault = emulator => Interlocked.Increment(ref deliveries) == 1 ? new ThrottlingTransport(emulator, IsConditionalAccess, "3") : emulator;
        var first = await app.DeliverNextAsync(ScanJobOptions.QueueName);

        Assert.Null(first!.Error);
        Assert.Equal(ScanStatus.Running, (await app.ScanAsync(tenant, scanId)).Status);
        var queue = app.Queue(ScanJobOptions.QueueName);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync()).Value); // there, but invisible for Graph's Retry-After
        app.Emulator.Log.Clear();

        var resumed = await DeliverWhenVisibleAsync(TimeSpan.FromSeconds(30));

        Assert.Null(resumed.Error);
        Assert.Equal(1, ScanJob.Parse(resumed.Message)!.Resume);
        var scan = await app.ScanAsync(tenant, scanId);
        Assert.Equal(ScanStatus.Succeeded, scan.Status);
        Assert.NotNull(scan.TenantScore);
        var paths = app.Emulator.Log.Requests.Select(r => r.PathAndQuery.Split('?')[0]).ToList();
        Assert.Contains("/v1.0/identity/conditionalAccess/policies", paths);
        Assert.DoesNotContain(paths, p => p is "/v1.0/users" or "/v1.0/servicePrincipals" or "/v1.0/applications");

        // Both jobs delivered again: nothing runs, nothing is written twice.
        app.Emulator.Log.Clear();
        await queue.SendMessageAsync(original);
        await queue.SendMessageAsync(resumed.Message);
        Assert.All(await app.DrainAsync(), d => Assert.Null(d.Error));
        Assert.Empty(app.Emulator.Log.Requests);
        await AssertCompletedOnceAsync(tenant.Id, scanId, auditRows);
    }

    [Fact]
    public async Task A_worker_killed_mid_scan_leaves_the_message_whose_redelivery_completes_the_scan_once()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var auditRows = await app.SuperuserScalarAsync("SELECT count(*) FROM audit_events WHERE tenant_id = @t", ("t", tenant.Id));
        var queue = app.Queue(ScanJobOptions.QueueName);
        var message = await TakeAsync();
        using var kill = new CancellationTokenSource();

        // The host stops while collection is in progress: the first read of service principals pulls the plug.
        app.GraphFault = emulator => new KillingTransport(emulator, kill, uri => uri.AbsolutePath.EndsWith("/servicePrincipals", StringComparison.Ordinal));
        using (var scope = app.Host.Services.CreateScope())
        {
            var function = ActivatorUtilities.CreateInstance<ScanJobFunction>(scope.ServiceProvider);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => function.RunAsync(message.MessageText, FunctionsApp.QueueContext(1), kill.Token));
        }

        Assert.Equal(ScanStatus.Running, (await app.ScanAsync(tenant, scanId)).Status);
        Assert.Equal(0, await CountAsync("users", tenant.Id, scanId) + await CountAsync("service_principals", tenant.Id, scanId));

        // The host never deleted the message: it comes back when its visibility ends.
        app.GraphFault = emulator => emulator;
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        var redelivered = await app.DrainAsync();

        Assert.All(redelivered, d => Assert.Null(d.Error));
        Assert.Equal(2, Assert.Single(redelivered).DequeueCount);
        await AssertCompletedOnceAsync(tenant.Id, scanId, auditRows);
    }

    private async Task AssertCompletedOnceAsync(Guid tenantId, Guid scanId, long auditRowsAfterStart)
    {
        var scan = await app.ScanAsync(new TestTenant(tenantId, Guid.Empty, Guid.Empty), scanId);
        Assert.Equal(ScanStatus.Succeeded, scan.Status);
        Assert.Null(scan.Checkpoint);
        Assert.Equal(1, await app.SuperuserScalarAsync("SELECT count(*) FROM scans WHERE tenant_id = @t", ("t", tenantId)));
        Assert.Equal(2, await CountAsync("users", tenantId, scanId));
        Assert.Equal(2, await CountAsync("service_principals", tenantId, scanId));
        Assert.Equal(
            await app.SuperuserScalarAsync("SELECT count(DISTINCT (rule_id, object_id)) FROM findings WHERE tenant_id = @t AND scan_id = @s", ("t", tenantId), ("s", scanId)),
            await CountAsync("findings", tenantId, scanId));
        Assert.True(await CountAsync("findings", tenantId, scanId) > 0);
        Assert.Equal(
            await app.SuperuserScalarAsync("SELECT count(DISTINCT rule_id) FROM rule_outcomes WHERE tenant_id = @t AND scan_id = @s", ("t", tenantId), ("s", scanId)),
            await CountAsync("rule_outcomes", tenantId, scanId));
        Assert.Equal(auditRowsAfterStart, await app.SuperuserScalarAsync("SELECT count(*) FROM audit_events WHERE tenant_id = @t", ("t", tenantId)));
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM token_cache_entries WHERE tenant_id = @t", ("t", tenantId)));
    }

    private Task<long> CountAsync(string table, Guid tenantId, Guid scanId)
        => app.SuperuserScalarAsync($"SELECT count(*) FROM {table} WHERE tenant_id = @t AND scan_id = @s", ("t", tenantId), ("s", scanId));

    private async Task<QueueMessage> TakeAsync()
        => (await app.Queue(ScanJobOptions.QueueName).ReceiveMessageAsync(TimeSpan.FromMinutes(5))).Value;

    private static async Task<ScanJobOutcome> ProcessAsync(IHost host, ScanJob job)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ProcessScanJobCommand>().RunAsync(new ProcessScanJobRequest(job, 1, FunctionsApp.MaxDequeueCount), CancellationToken.None);
    }

    private async Task<Delivery> DeliverWhenVisibleAsync(TimeSpan within)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < until)
        {
            if (await app.DeliverNextAsync(ScanJobOptions.QueueName) is { } delivery)
            {
                return delivery;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The re-enqueued job never became visible.");
    }

    /// <summary>Cancels the host's token when a matching request goes out, then lets the request go on: a kill mid-collection.</summary>
    private sealed class KillingTransport(HttpMessageHandler inner, CancellationTokenSource kill, Func<Uri, bool> matches) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && matches(uri))
            {
                kill.Cancel();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

using System.Net;
using System.Text.RegularExpressions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Tenancy;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Testing;
using IdentityOps.Functions.Tests.Api;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace IdentityOps.Functions.Tests.Scans;

/// <summary>End to end, in-process: API → Azurite → worker → Graph emulator (as the admin) → PostgreSQL.</summary>
public sealed class ScanWorkerTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose()
    {
        app.Reset();
        app.Entra.GraphTokenLifetime = TimeSpan.FromHours(1);
    }

    [Fact]
    public async Task A_scan_started_through_the_API_runs_from_the_queue_as_the_admin_and_succeeds_without_a_token_in_any_log()
    {
        var tenant = await app.AddTenantAsync();
        var logsBefore = app.Logs.Lines.Count;

        var scanId = await app.StartScanAsync(tenant);
        var deliveries = await app.DrainAsync();

        Assert.All(deliveries, d => Assert.Null(d.Error));
        var scan = await app.ScanAsync(tenant, scanId);
        Assert.Equal(ScanStatus.Succeeded, scan.Status);
        Assert.Null(scan.Error);
        Assert.Equal(2, await app.SuperuserScalarAsync("SELECT count(*) FROM users WHERE tenant_id = @t AND scan_id = @s", ("t", tenant.Id), ("s", scanId)));

        // The worker anchored the tenant's audit chain head (the scan.requested event) outside the chain.
        Assert.Equal(
            await app.SuperuserScalarAsync("SELECT max(sequence) FROM audit_events WHERE tenant_id = @t", ("t", tenant.Id)),
            await app.SuperuserScalarAsync("SELECT max(sequence) FROM audit_anchors WHERE tenant_id = @t", ("t", tenant.Id)));

        // The worker evaluated the rules: findings and a report a reader can fetch, another tenant cannot.
        Assert.NotNull(scan.TenantScore);
        Assert.True(await app.SuperuserScalarAsync("SELECT count(*) FROM rule_outcomes WHERE tenant_id = @t AND scan_id = @s", ("t", tenant.Id), ("s", scanId)) >= 35);
        var report = await app.CallAsync<GetReportFunction>(app.ReaderToken(tenant), (f, r) => f.RunAsync(r, scanId.ToString(), CancellationToken.None), path: $"/api/scans/{scanId}/report");
        Assert.Equal((200, "text/html; charset=utf-8"), (report.Status, report.ContentType));
        Assert.Contains("Microsoft Entra ID security posture", report.Body, StringComparison.Ordinal);
        var json = await app.CallAsync<GetReportFunction>(app.ReaderToken(tenant), (f, r) => f.RunAsync(r, scanId.ToString(), CancellationToken.None), path: $"/api/scans/{scanId}/report", query: "?format=json");
        Assert.Contains("\"schemaVersion\": \"1.0\"", json.Body, StringComparison.Ordinal);
        var other = await app.AddTenantAsync();
        var foreign = await app.CallAsync<GetReportFunction>(app.ReaderToken(other), (f, r) => f.RunAsync(r, scanId.ToString(), CancellationToken.None), path: $"/api/scans/{scanId}/report");
        var missing = await app.CallAsync<GetReportFunction>(app.ReaderToken(other), (f, r) => f.RunAsync(r, Guid.NewGuid().ToString(), CancellationToken.None), path: $"/api/scans/{scanId}/report");
        Assert.Equal((missing.Status, missing.Body), (foreign.Status, foreign.Body));

        // Graph was read with the admin's delegated token for this tenant, and nothing but GETs.
        var authorizations = app.GraphAuthorizations.Distinct().ToList();
        Assert.NotEmpty(authorizations);
        Assert.All(authorizations, header =>
        {
            var token = new JsonWebToken(header["Bearer ".Length..]);
            Assert.Equal((tenant.Id.ToString("D"), tenant.AdminId.ToString("D"), "https://graph.microsoft.com"), (token.GetClaim("tid").Value, token.GetClaim("oid").Value, token.Audiences.Single()));
        });
        Assert.All(app.Emulator.Log.Requests, r => Assert.True(r.Method == "GET" || (r.Method == "POST" && r.PathAndQuery == "/v1.0/$batch"), $"{r.Method} {r.PathAndQuery}"));

        // The session ended with the scan: its tokens are gone from the cache.
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM token_cache_entries WHERE tenant_id = @t", ("t", tenant.Id)));

        var logs = string.Join('\n', app.Logs.Lines.Skip(logsBefore));
        Assert.Contains("finished: Succeeded", logs, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretShapes.JwtShape(), logs);
        Assert.All(app.Entra.IssuedTokens, token => Assert.DoesNotContain(token, logs, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redelivered_message_neither_runs_the_scan_again_nor_writes_again()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var message = (await app.Queue(ScanJobOptions.QueueName).PeekMessageAsync()).Value.MessageText;
        await app.DrainAsync();
        var finished = await app.ScanAsync(tenant, scanId);
        var rows = await app.SuperuserScalarAsync("SELECT count(*) FROM users WHERE tenant_id = @t", ("t", tenant.Id));
        app.Emulator.Log.Clear();

        await app.Queue(ScanJobOptions.QueueName).SendMessageAsync(message);
        var redelivered = await app.DrainAsync();

        Assert.Null(Assert.Single(redelivered).Error);
        Assert.Empty(app.Emulator.Log.Requests);
        var after = await app.ScanAsync(tenant, scanId);
        Assert.Equal((ScanStatus.Succeeded, finished.StartedAt, finished.FinishedAt), (after.Status, after.StartedAt, after.FinishedAt));
        Assert.Equal(rows, await app.SuperuserScalarAsync("SELECT count(*) FROM users WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    [Fact]
    public async Task A_delivery_arriving_while_another_runs_the_same_scan_does_nothing()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);

        // Another worker holds the scan (the claim a running delivery takes).
        await using var otherWorker = await TenantDatabase.OpenAsync(app.Database.Provisioned.ApplicationConnectionString);
        await using (var claim = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", otherWorker))
        {
            claim.Parameters.AddWithValue("key", $"scan-job:{scanId:D}");
            Assert.True((bool)(await claim.ExecuteScalarAsync())!);
        }

        var delivery = await app.DeliverNextAsync(ScanJobOptions.QueueName);

        Assert.Null(delivery!.Error);
        Assert.Empty(app.Emulator.Log.Requests);
        Assert.Equal(ScanStatus.Queued, (await app.ScanAsync(tenant, scanId)).Status);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM users WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    [Fact]
    public async Task A_malformed_message_or_one_whose_session_was_not_sealed_for_its_scan_is_dropped_without_retries()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var queue = app.Queue(ScanJobOptions.QueueName);
        var message = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        var forged = new ScanJob(tenant.Id, scanId, new string('C', 200)).ToJson();
        await queue.SendMessageAsync("{not json");
        await queue.SendMessageAsync(forged);

        var deliveries = await app.DrainAsync();

        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((1, null), (d.DequeueCount, d.Error)));
        Assert.Empty(app.Emulator.Log.Requests);
        Assert.Equal(ScanStatus.Queued, (await app.ScanAsync(tenant, scanId)).Status);
        Assert.Equal(1, app.Logs.Lines.Count(l => l.Contains("was not a valid job and was dropped", StringComparison.Ordinal)));
        Assert.Equal(1, app.Logs.Lines.Count(l => l.Contains("it was refused and nothing ran", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_in_the_poison_queue_with_its_scan_failed_and_the_reason_recorded()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        app.GraphFault = emulator => new FailingTransport(emulator, _ => true, HttpStatusCode.ServiceUnavailable, "serviceNotAvailable");

        var deliveries = await app.DrainAsync();

        Assert.Equal([1, 2, 3, 4, 5], deliveries.Where(d => d.Error is not null).Select(d => d.DequeueCount));
        Assert.Null(deliveries[^1].Error); // the poison queue's delivery
        var scan = await app.ScanAsync(tenant, scanId);
        Assert.Equal(ScanStatus.Failed, scan.Status);
        Assert.StartsWith("The scan could not start after 5 attempts: Microsoft Graph answered 503", scan.Error, StringComparison.Ordinal);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM token_cache_entries WHERE tenant_id = @t", ("t", tenant.Id)));
        Assert.Empty((await app.Queue(ScanJobOptions.PoisonQueueName).PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task A_job_that_reaches_the_poison_queue_without_a_recorded_reason_marks_its_scan_failed()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var queue = app.Queue(ScanJobOptions.QueueName);
        var message = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var poison = app.Queue(ScanJobOptions.PoisonQueueName);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(message.MessageText);
        await app.DrainAsync();

        var scan = await app.ScanAsync(tenant, scanId);
        Assert.Equal(ScanStatus.Failed, scan.Status);
        Assert.Contains("could not be processed after repeated attempts", scan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_consent_fails_the_scan_with_an_explanation_and_ends_the_session()
    {
        app.Entra.GraphTokenLifetime = TimeSpan.FromMinutes(2); // inside MSAL's 5-minute margin: the worker must refresh
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        app.Entra.RevokeConsent(tenant.Id, tenant.AdminId);

        var error = await app.DrainToFailedScanAsync(tenant, scanId);

        Assert.Contains("Consent to IdentityOps' read-only permissions has been revoked", error, StringComparison.Ordinal);
        Assert.Contains("AADSTS65001", error, StringComparison.Ordinal);
        Assert.Contains("consent again", error, StringComparison.Ordinal);
        Assert.Empty(app.Emulator.Log.Requests);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM token_cache_entries WHERE tenant_id = @t", ("t", tenant.Id)));
        Assert.Equal(TenantStatus.Active, await TenantStatusAsync(tenant));
    }

    [Fact]
    public async Task A_first_application_not_found_answer_fails_the_scan_and_does_not_offboard_yet()
    {
        app.Entra.GraphTokenLifetime = TimeSpan.FromMinutes(2);
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        app.Entra.RemoveApplication(tenant.Id);

        var error = await app.DrainToFailedScanAsync(tenant, scanId);

        // Offboarding waits for repeated answers over a day (tests/IdentityOps.Security.Tests/Offboarding/ApplicationRemovedTests.cs).
        Assert.Contains("not in your tenant (error AADSTS700016)", error, StringComparison.Ordinal);
        Assert.Equal(TenantStatus.Active, await TenantStatusAsync(tenant));
        Assert.Equal(1, await app.SuperuserScalarAsync("SELECT application_not_found_count FROM tenants WHERE id = @t", ("t", tenant.Id)));
    }

    [Fact]
    public async Task Graph_denying_the_admin_fails_the_scan_with_an_explanation()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        app.GraphFault = emulator => new FailingTransport(emulator, _ => true, HttpStatusCode.Forbidden, "Authorization_RequestDenied");

        var error = await app.DrainToFailedScanAsync(tenant, scanId);

        Assert.Contains("403 Authorization_RequestDenied", error, StringComparison.Ordinal);
        Assert.Contains("consent again", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\bat [A-Z][\w.]+\(", RegexOptions.None, TimeSpan.FromSeconds(1)), error);
    }

    private async Task<TenantStatus> TenantStatusAsync(TestTenant tenant)
    {
        await using var db = app.Database.CreateApplicationContext(tenant.Id);
        return await db.InTenantTransactionAsync(ct => db.Tenants.Select(t => t.Status).SingleAsync(ct), CancellationToken.None);
    }
}

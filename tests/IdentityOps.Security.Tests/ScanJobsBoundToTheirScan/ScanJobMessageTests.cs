using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Trust;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Npgsql;

namespace IdentityOps.Security.Tests.ScanJobsBoundToTheirScan;

/// <summary>
/// A scan job message is bound to the scan row the API created: it carries no session key in clear (only the key
/// sealed to the tenant, the scan and <c>scans.requested_by</c>), a message the API did not make for that row runs
/// nothing, and a message delivered twice runs its scan once.
/// </summary>
[Trait("Claim", TrustClaimIds.NoTenantIdInput)]
public sealed class ScanJobMessageTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task The_queued_message_holds_no_session_key_in_clear()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);

        var sessionKey = await SessionKeyAsync(tenant);

        // What Azurite holds (base64, as the Functions trigger expects) and what it decodes to.
        var stored = Assert.Single((await new QueueClient(app.Azurite.ConnectionString, ScanJobOptions.QueueName).PeekMessagesAsync(32)).Value).MessageText;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(stored));
        Assert.Contains(scanId.ToString("D"), decoded, StringComparison.Ordinal);
        foreach (var body in new[] { stored, decoded })
        {
            Assert.DoesNotContain(sessionKey, body, StringComparison.Ordinal);
            Assert.DoesNotContain(sessionKey[37..], body, StringComparison.Ordinal);
        }

        using var json = JsonDocument.Parse(decoded);
        Assert.Equal(["tenantId", "scanId", "sealedSession"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_message_for_a_scan_the_api_did_not_create_is_refused_and_nothing_is_collected()
    {
        var tenant = await app.AddTenantAsync();
        var apiScan = await app.StartScanAsync(tenant);
        var genuine = ScanJob.Parse(await TakeMessageAsync())!;

        // A row the API never made a job for (written straight into the table), and a job naming no row at all.
        // (One active scan per tenant: the API's scan is finished first.)
        var planted = Guid.NewGuid();
        await app.SuperuserScalarAsync("UPDATE scans SET status = 'Failed', finished_at = now() WHERE tenant_id = @t AND id = @s RETURNING 1", ("t", tenant.Id), ("s", apiScan));
        await app.SuperuserScalarAsync(
            "INSERT INTO scans (tenant_id, id, status, requested_by, requested_at, collection_counts, warnings, unavailable) VALUES (@t, @s, 'Queued', @by, now(), '{}', '[]', '{}') RETURNING 1",
            ("t", tenant.Id), ("s", planted), ("by", tenant.AdminId));
        var queue = app.Queue(ScanJobOptions.QueueName);
        await queue.SendMessageAsync((genuine with { ScanId = planted }).ToJson());
        await queue.SendMessageAsync((genuine with { ScanId = Guid.NewGuid() }).ToJson());

        var deliveries = await app.DrainAsync();

        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((1, null), (d.DequeueCount, d.Error)));
        await AssertNothingCollectedAsync(tenant);
        Assert.Equal(ScanStatus.Queued, (await app.ScanAsync(tenant, planted)).Status);
    }

    [Fact]
    public async Task A_message_whose_scan_row_names_another_admin_is_refused_and_nothing_is_collected()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);

        // The row now says the reader asked for it: the admin's session in the message no longer belongs to it.
        await app.SuperuserScalarAsync("UPDATE scans SET requested_by = @reader WHERE tenant_id = @t AND id = @s RETURNING 1", ("reader", tenant.ReaderId), ("t", tenant.Id), ("s", scanId));

        var deliveries = await app.DrainAsync();

        Assert.All(deliveries, d => Assert.Null(d.Error));
        await AssertNothingCollectedAsync(tenant);
        Assert.Equal(ScanStatus.Queued, (await app.ScanAsync(tenant, scanId)).Status);
        Assert.Contains(app.Logs.Lines, l => l.Contains("it was refused and nothing ran", StringComparison.Ordinal) && l.Contains(scanId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_delivered_twice_at_once_runs_its_scan_once()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var queue = app.Queue(ScanJobOptions.QueueName);
        await queue.SendMessageAsync((await queue.PeekMessageAsync()).Value.MessageText);

        var deliveries = await Task.WhenAll(app.DeliverNextAsync(ScanJobOptions.QueueName), app.DeliverNextAsync(ScanJobOptions.QueueName));
        var later = await app.DrainAsync();

        Assert.All(deliveries.Concat(later), d => Assert.Null(d!.Error));
        Assert.Equal(ScanStatus.Succeeded, (await app.ScanAsync(tenant, scanId)).Status);
        Assert.Single(app.Emulator.Log.Requests, r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v1.0/users?", StringComparison.Ordinal));
        Assert.Single(app.Logs.Lines, l => l.Contains($"Scan {scanId} of tenant {tenant.Id} finished", StringComparison.Ordinal));
    }

    private async Task AssertNothingCollectedAsync(TestTenant tenant)
    {
        Assert.Empty(app.Emulator.Log.Requests);
        Assert.DoesNotContain(app.GraphAuthorizations, a => a.Length > 0);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM users WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    private async Task<string> TakeMessageAsync()
    {
        var queue = app.Queue(ScanJobOptions.QueueName);
        var message = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return message.MessageText;
    }

    private async Task<string> SessionKeyAsync(TestTenant tenant)
    {
        await using var superuser = await TenantDatabase.OpenAsync(app.Database.SuperuserConnectionString);
        await using var select = new NpgsqlCommand("SELECT entry_id FROM token_cache_entries WHERE tenant_id = @t", superuser);
        select.Parameters.AddWithValue("t", tenant.Id);
        var key = (string)(await select.ExecuteScalarAsync())!;
        Assert.StartsWith($"{tenant.Id:D}:", key, StringComparison.Ordinal);
        return key;
    }
}
